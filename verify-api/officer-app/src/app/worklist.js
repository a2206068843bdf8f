// The officer's work list (docs/officer-app.md, "Work list"): the open alerts and consumer reports
// of the officer's area and the officer's seizures, from GET /api/v1/officer/worklist; take one,
// record what was found (linking the latest inspection record, if any). Online only: an alert taken
// offline could be taken by two officers at once, so the server decides, and offline the view says
// it needs a connection. Everything from the server is put on the page as text.
import * as api from './api.js';

export const FINDINGS = ['COUNTERFEIT_FOUND', 'NOTHING_FOUND', 'GENUINE_EXPLAINED'];

/**
 * The view, mounted once into {@code section}: {@code deps} gives the element builder {@code h},
 * the current translator {@code t()}, {@code online()}, the signed-in officer {@code officer()} and
 * the id of the latest inspection record {@code lastInspection()} (null when none).
 */
export function createWorklist(section, deps) {
  const { h } = deps;
  let data = null;
  let error = null;
  let loading = false;

  function say(id, text) {
    const e = section.querySelector('#' + id);
    if (e) e.textContent = text;
  }

  async function load() {
    if (!deps.online()) { render(); return; }
    if (!deps.officer()) { data = null; render(); return; }
    loading = true;
    render();
    try {
      data = await api.worklist();
      error = null;
    } catch (e) {
      error = e.message;
    } finally {
      loading = false;
    }
    render();
  }

  async function take(kind, id) {
    const t = deps.t();
    try {
      await (kind === 'alert' ? api.takeAlert(id) : api.takeReport(id));
      await load();
      say(`wl-msg-${id}`, t('wlTaken'));
    } catch (e) {
      say(`wl-msg-${id}`, t('serverSaid', { why: e.message }));
    }
  }

  async function record(kind, id, form) {
    const t = deps.t();
    const finding = form.querySelector('select').value;
    const note = form.querySelector('textarea').value.trim();
    const link = form.querySelector('input[type=checkbox]');
    const body = { finding, note };
    if (link && link.checked) body.inspection = link.value;
    try {
      await (kind === 'alert' ? api.alertOutcome(id, body) : api.reportOutcome(id, body));
      await load();
      say('wl-status', t('wlRecorded'));
    } catch (e) {
      say(`wl-msg-${id}`, t('serverSaid', { why: e.message }));
    }
  }

  function outcomeForm(kind, id) {
    const t = deps.t();
    const last = deps.lastInspection();
    const form = h('form', { class: 'wl-outcome', 'data-id': id, onsubmit: (e) => { e.preventDefault(); record(kind, id, form); } },
      h('label', { for: `wl-f-${id}` }, t('wlFinding')),
      h('select', { id: `wl-f-${id}` }, FINDINGS.map((f) => h('option', { value: f }, t(`wlFindings.${f}`)))),
      h('label', { for: `wl-n-${id}` }, t('wlNote')),
      h('textarea', { id: `wl-n-${id}`, maxlength: '2000' }),
      last ? h('label', { class: 'check' }, h('input', { type: 'checkbox', value: last, checked: true, id: `wl-i-${id}` }),
        ' ', t('wlLinkInspection', { id: last.slice(0, 8) })) : null,
      h('button', { type: 'submit', class: 'primary' }, t('wlRecord')));
    return form;
  }

  function item(kind, x) {
    const t = deps.t();
    const me = deps.officer();
    const title = kind === 'alert' ? `${x.rule} · ${x.summary || ''}` : `${x.verdict || ''} · ${x.whereBought || ''}${x.seller ? ' · ' + x.seller : ''}`;
    const taken = x.takenBy ? t('wlTakenBy', { officer: x.takenBy }) : t('wlOpen');
    const mine = x.takenBy && x.takenBy === me;
    return h('li', { 'data-kind': kind, 'data-id': x.id, 'data-taken': x.takenBy || '' },
      h('strong', {}, title), h('br'),
      h('span', { class: 'hint' }, `${new Date(x.at).toLocaleString(deps.lang())} · ${x.region || ''} · `,
        x.batchId ? `${t('wlUnit')} ${x.batchId}/${x.serial || ''} · ` : '', taken),
      !x.takenBy ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'small', 'data-take': x.id,
        onclick: () => take(kind, x.id) }, t('wlTake'))) : null,
      mine ? outcomeForm(kind, x.id) : null,
      h('p', { id: `wl-msg-${x.id}`, class: 'msg', role: 'status' }));
  }

  function render() {
    const t = deps.t();
    const body = section.querySelector('#wl-body');
    body.replaceChildren();
    section.querySelector('#wl-load').disabled = loading || !deps.online();
    if (!deps.online()) {
      body.append(h('p', { id: 'wl-offline', class: 'msg' }, t('wlNeedsConnection')));
      return;
    }
    if (!deps.officer()) { body.append(h('p', { class: 'hint' }, t('wlSignIn'))); return; }
    if (loading && !data) { body.append(h('p', { role: 'status' }, t('wlLoading'))); return; }
    if (error) body.append(h('p', { class: 'msg', role: 'alert' }, t('serverSaid', { why: error })));
    if (!data) return;
    body.append(h('p', { id: 'wl-status', role: 'status' },
      data.area.length ? t('wlArea', { regions: data.area.join(' ') }) : ''));
    if (data.message) body.append(h('p', { id: 'wl-no-area', class: 'msg' }, data.message));
    body.append(
      h('h3', {}, t('wlAlerts', { n: data.alerts.length })),
      h('ul', { id: 'wl-alerts' }, data.alerts.map((a) => item('alert', a))),
      h('h3', {}, t('wlReports', { n: data.reports.length })),
      h('ul', { id: 'wl-reports' }, data.reports.map((r) => item('report', r))),
      h('h3', {}, t('wlSeizures', { n: data.seizures.length + (data.seizureRecords || []).length })),
      h('ul', { id: 'wl-seizure-records' }, (data.seizureRecords || []).map((r) => h('li', { 'data-record': r.id },
        t('wlSeizureRecord', { id: r.id.slice(0, 8), n: r.seizures, at: new Date(r.receivedAt).toLocaleString(deps.lang()) })))),
      h('ul', { id: 'wl-seizures' }, data.seizures.map((s) => h('li', { 'data-inspection': s.inspection },
        `${new Date(s.at).toLocaleString(deps.lang())} · ${s.batchId}/${s.serial || ''} · ${s.place || ''}${s.note ? ' · ' + s.note : ''}`))));
  }

  section.append(h('button', { type: 'button', id: 'wl-load', class: 'small', onclick: load }, deps.t()('wlRefresh')),
    h('div', { id: 'wl-body', 'aria-live': 'polite' }));
  return {
    load,
    render: () => {
      section.querySelector('#wl-load').textContent = deps.t()('wlRefresh');
      render();
    },
  };
}
