#!/usr/bin/env python3
"""Re-draw a published supervision draw (双随机一公开) yourself.

    python3 redraw.py https://<verify host>/api/v1/draws/<drawId>

It reads the draw as published, rebuilds the snapshot's canonical text from the published candidates,
public source and date and frozen standards and checks its SHA-256 against the published snapshot hash,
the office's revealed secret against the commitment, the seed against its three parts, and the result
against the ranking redone from the seed (the rule and a test vector: docs/supervision.md, "The draw").
For a draw voided after its public value was known it checks the void's secret, seed and the result
it would have given the same way. Check the public value yourself against the announced source: it is
printed. It needs nothing but Python 3.
Exit status 0 when everything published agrees, 1 when something differs, 2 on a usage error.
"""
import hashlib, json, sys, urllib.request


def H(x):
    return hashlib.sha256(x.encode("utf-8")).hexdigest()


def canonical(year, count, per_task, source, date, candidates, standards):
    enterprises = sorted(candidates["enterprises"], key=lambda e: e["licenseeId"])
    inspectors = sorted(candidates["inspectors"], key=lambda i: i["inspectorId"])
    snap = {"year": year, "enterprises": count, "inspectorsPerTask": per_task, "publicSource": source, "publicDate": date, "candidates": {
        "enterprises": [{"licenseeId": e["licenseeId"], "district": e["district"], "productIds": sorted(e["productIds"])} for e in enterprises],
        "inspectors": [{"inspectorId": i["inspectorId"], "district": i["district"], "conflicts": sorted(i["conflicts"])} for i in inspectors]},
        "standards": [{"productId": s["productId"], "standardId": s["standardId"], "standardNo": s["standardNo"], "version": s["version"],
                       "indicators": [{k: n[k] for k in ("name", "unit", "requirement", "min", "max")} for n in s["indicators"]]}
                      for s in sorted(standards, key=lambda s: s["productId"])]}
    return json.dumps(snap, ensure_ascii=False, separators=(",", ":"))


def draw(seed, candidates, count, per_task):
    out = []
    ranked = sorted(candidates["enterprises"], key=lambda e: (H(seed + "|enterprise|" + e["licenseeId"]), e["licenseeId"]))
    for e in ranked[:count]:
        l, district = e["licenseeId"], e["district"]
        product = min(e["productIds"], key=lambda p: (H(seed + "|product|" + l + "|" + str(p)), p))
        eligible = [i["inspectorId"] for i in candidates["inspectors"]
                    if l not in i["conflicts"] and (district is None or i["district"] != district)]
        chosen = sorted(eligible, key=lambda i: (H(seed + "|inspector|" + l + "|" + i), i))[:per_task]
        out.append({"licenseeId": l, "productId": product, "inspectorIds": chosen})
    return out


def main(url):
    d = json.load(urllib.request.urlopen(url))
    ok = True

    def say(what, same):
        nonlocal ok
        ok = ok and same
        print(("same     " if same else "DIFFERS  ") + what)

    text = canonical(d["year"], d["enterprises"], d["inspectorsPerTask"], d.get("publicSource"), d.get("publicDate"), d["candidates"],
                     d.get("standards", []))
    if d.get("snapshotHash"):
        say("snapshot hash " + H(text), H(text) == d["snapshotHash"])
    seed, result = d.get("seed"), d.get("result")
    if seed is None and d.get("voidSeed"):
        print("voided after the public value was known: checking the result it would have given")
        seed, result = d["voidSeed"], d["wouldHaveDrawn"]
    if seed is None:
        print("not drawn yet: the seed and the result are published at the reveal")
        return ok
    if d.get("publicSource") and d.get("witnessPart") is not None:
        print("         public value " + d["witnessPart"] + " (check it: " + d["publicSource"] + " on " + str(d.get("publicDate")) + ")")
    if d.get("commitment") and d.get("officePart") is not None:
        say("commitment = H(office part)", H(d["officePart"]) == d["commitment"])
    if d.get("snapshotHash") and d.get("officePart") is not None and d.get("witnessPart") is not None:
        say("seed = H(snapshot hash|office part|public value)",
            H(d["snapshotHash"] + "|" + d["officePart"] + "|" + d["witnessPart"]) == seed)
    mine = draw(seed, d["candidates"], d["enterprises"], d["inspectorsPerTask"])
    theirs = [{"licenseeId": p["licenseeId"], "productId": p["productId"], "inspectorIds": p["inspectorIds"]} for p in result]
    for p in mine:
        print("         " + p["licenseeId"] + " product " + str(p["productId"]) + " inspectors " + ", ".join(p["inspectorIds"]))
    say("result re-drawn from the seed", mine == theirs)
    return ok


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(0 if main(sys.argv[1]) else 1)
