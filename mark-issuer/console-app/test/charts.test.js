import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { barOption, mapOption } from '../src/charts.js';
import { DISTRICTS } from '../districts-path.mjs';

const districts = JSON.parse(readFileSync(DISTRICTS, 'utf8'));

test('the district file holds Foshan\'s five districts by division code, as Districts.java names them', () => {
  const byCode = Object.fromEntries(districts.features.map((f) => [f.properties.code, f.properties.name]));
  assert.deepEqual(byCode, { 440604: '禅城区', 440605: '南海区', 440606: '顺德区', 440607: '三水区', 440608: '高明区' });
  for (const f of districts.features) {
    assert.equal(f.geometry.type, 'MultiPolygon');
    for (const ring of f.geometry.coordinates.flat()) {
      assert.deepEqual(ring[0], ring[ring.length - 1], `${f.properties.name}: a ring is closed`);
      for (const [lon, lat] of ring) assert.ok(lon > 112.3 && lon < 113.5 && lat > 22.5 && lat < 23.6, `${lon},${lat} lies in Foshan`);
    }
  }
});

test('a bar chart has one series per target and the actual, gaps for no target', () => {
  const o = barOption({ title: 'T', categories: ['a', 'b'], series: [{ name: '2023', values: [100, null] }, { name: 'actual', values: [3, 4] }] });
  assert.deepEqual(o.xAxis.data, ['a', 'b']);
  assert.deepEqual(o.series.map((s) => s.data), [[100, '-'], [3, 4]]);
});

test('the map shows the districts under the page\'s names and colours them by the metric', () => {
  const spec = { title: 'M', labels: { 440604: 'Chancheng', 440605: 'Nanhai' },
    series: [{ name: 'Scans', values: { 440604: 7, 440605: 2, 999999: 5 } }, { name: 'Suspicious', values: { 440604: 1 } }] };
  const o = mapOption(spec, districts, 'foshan');
  assert.equal(o.series.length, 2);
  assert.equal(o.series[0].nameMap['禅城区'], 'Chancheng');
  assert.equal(o.series[0].nameMap['顺德区'], '顺德区');
  assert.deepEqual(o.series[0].data, [{ name: 'Chancheng', value: 7 }, { name: 'Nanhai', value: 2 }]);
  assert.equal(o.visualMap.max, 7);
});
