"""The Dockerfile and the Kubernetes manifests for a classroom: the manifests pass
``kubelearn check`` (as CI checks them), and both start ``kubelearn serve`` with options it
accepts, on the port they expose, with the class folder on the volume."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from kubelearn.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "deploy" / "kubelearn-serve.yaml"


def test_the_manifests_pass_kubelearn_check():
    done = subprocess.run([sys.executable, "-m", "kubelearn", "check", "--verbose",
                           "--format", "json", str(MANIFEST)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["findings"] == []
    kinds = [doc["kind"] for doc in yaml.safe_load_all(MANIFEST.read_text(encoding="utf-8"))]
    assert kinds == ["PersistentVolumeClaim", "Deployment", "Service", "Ingress"]


def _serve_args(argv: list[str]):
    assert argv[:2] == ["kubelearn", "serve"], argv
    return build_parser("serve").parse_args(argv[1:])


def test_the_deployment_serves_one_class_from_its_volume():
    docs = {doc["kind"]: doc for doc in
            yaml.safe_load_all(MANIFEST.read_text(encoding="utf-8"))}
    deployment = docs["Deployment"]
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"]["type"] == "Recreate"
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    args = _serve_args(container["args"])
    assert args.host == "0.0.0.0"
    assert container["ports"][0]["containerPort"] == args.port
    [mount] = container["volumeMounts"]
    assert mount["mountPath"] == args.class_dir
    [volume] = pod["volumes"]
    claim = volume["persistentVolumeClaim"]["claimName"]
    assert claim == docs["PersistentVolumeClaim"]["metadata"]["name"]
    [rule] = docs["Ingress"]["spec"]["rules"]
    assert rule["http"]["paths"][0]["path"].rstrip("/") == args.base_path.rstrip("/")


def test_the_dockerfile_starts_serve_on_the_port_it_exposes():
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.12-slim$", text, re.M)
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))
    args = _serve_args(cmd)
    assert args.host == "0.0.0.0"
    assert re.search(rf"^EXPOSE {args.port}$", text, re.M)
    assert re.search(rf"^VOLUME {args.class_dir}$", text, re.M)
