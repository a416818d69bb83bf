"""Build the full field descriptions that ``kubectl explain`` prints (app/checker/schema/data/).

The checker's bundle (scripts/make_schemas.py) keeps only each description's first sentence,
to stay small in the tutor's memory; ``kubectl explain`` shows what a real API server serves,
the whole text. This writes those texts to a separate file that only ``kubectl explain``
loads: for every definition the bundle ships, its own description (key ``""``) and each
property's description, exactly as the Kubernetes 1.33 OpenAPI words them.

Source: the self-contained strict JSON schemas per kind of Kubernetes 1.33 (one file per kind
with its ``$defs``, derived from kubernetes-validate 1.37.0, the bundle's own source), as
shipped with the kubeconform peer: ``schemas-v1.33.0-strict.tgz``.

Usage: python scripts/make_explain.py [--schemas TGZ] [--out FOLDER]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_schemas import KINDS, KUBERNETES_VERSION  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "app" / "checker" / "schema" / "data"
SCHEMAS = Path("/work/shared/peers/kubeconform/schemas-v1.33.0-strict.tgz")


def _texts(schema: dict) -> dict[str, str]:
    """A definition's description (key "", empty when it has none) and its properties'."""
    description = schema.get("description")
    out = {"": description if isinstance(description, str) else ""}
    for name, prop in (schema.get("properties") or {}).items():
        if isinstance(prop, dict) and isinstance(prop.get("description"), str):
            out[name] = prop["description"]
    return out


def build(archive: Path, shipped: set[str]) -> dict[str, dict[str, str]]:
    """Descriptions of every definition in ``shipped`` (the bundle's ``$defs`` names)."""
    found: dict[str, dict[str, str]] = {}
    folder = f"v{KUBERNETES_VERSION}-strict"
    with tarfile.open(archive) as tar:
        for stem in KINDS:
            member = tar.extractfile(f"./{folder}/{stem}.json")
            assert member is not None, stem
            raw = json.load(member)
            gvk = raw["x-kubernetes-group-version-kind"][0]
            api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            found[f"kind.{api_version.replace('/', '.')}.{gvk['kind']}"] = _texts(raw)
            for name, definition in (raw.get("$defs") or {}).items():
                if name in shipped and name not in found:
                    found[name] = _texts(definition)
    extra = {name for name in found if name not in shipped}
    assert not extra, f"descriptions of definitions the bundle does not ship: {sorted(extra)}"
    # IntOrString and Quantity lose their descriptions in the JSON-schema form (a bare oneOf):
    # an empty text, so that explain does not show the checker's own wording of them as the API's
    # (the same holds for a definition without a description, above).
    for name in shipped - set(found):
        found[name] = {"": ""}
    return {name: found[name] for name in sorted(found)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", type=Path, default=SCHEMAS, help="the strict schemas .tgz")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder")
    args = parser.parse_args()
    minor = KUBERNETES_VERSION.rsplit(".", 1)[0]
    bundle = json.loads(gzip.decompress((DATA / f"k8s-{minor}.json.gz").read_bytes()))
    texts = build(args.schemas, set(bundle["$defs"]))
    target = args.out / f"k8s-{minor}-explain.json.gz"
    data = json.dumps(texts, separators=(",", ":"), ensure_ascii=False).encode()
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{target}: {len(texts)} definitions, {len(data)} bytes, "
          f"{target.stat().st_size} gzipped")


if __name__ == "__main__":
    main()
