"""Consistency checks of a built kustomize overlay (YAML on stdin), used by ops/deploy/check:
every Secret a pod mounts has a template in base/secrets/secret-templates.yaml, every Deployment
container has startup, readiness and liveness probes, and every container's memory request
equals its limit (a JVM's heap does not shrink back; an overcommitted node OOM-kills it)."""
import sys

import yaml

TEMPLATES = "ops/deploy/k8s/base/secrets/secret-templates.yaml"


def problems(docs, templates):
    found = []
    for d in docs:
        kind, name = d["kind"], d["metadata"]["name"]
        if kind not in ("Deployment", "Job"):
            continue
        spec = d["spec"]["template"]["spec"]
        for v in spec.get("volumes", []):
            secret = v.get("secret", {}).get("secretName")
            if secret and secret not in templates:
                found.append(f"{kind}/{name} mounts Secret {secret}, which has no template in {TEMPLATES}")
        for c in spec["containers"]:
            r = c.get("resources", {})
            if r.get("requests", {}).get("memory") != r.get("limits", {}).get("memory"):
                found.append(f"{kind}/{name} container {c['name']}: memory request and limit differ")
            missing = [p for p in ("startupProbe", "readinessProbe", "livenessProbe") if p not in c]
            if kind == "Deployment" and missing:
                found.append(f"{kind}/{name} container {c['name']}: no {', '.join(missing)}")
    return found


def main():
    docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
    with open(TEMPLATES, encoding="utf-8") as f:
        templates = {d["metadata"]["name"] for d in yaml.safe_load_all(f) if d}
    found = problems(docs, templates)
    print("\n".join(found) if found else f"{len(docs)} objects consistent")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
