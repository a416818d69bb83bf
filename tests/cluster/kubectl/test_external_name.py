"""ExternalName Services seen from a Pod: CoreDNS answers with a CNAME (busybox nslookup
prints it as ``NAME<tab>canonical name = TARGET``, then the target's A records when the
target resolves); curl and wget follow the CNAME, and an outside target cannot be reached
offline, which a note says."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

HEAD = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
SETUP = ("create service externalname db --external-name=db.example.com",
         "create deployment web --image=nginx:1.25",
         "expose deployment web --port=80",
         "create service externalname alias --external-name=web.default.svc.cluster.local",
         "run box --image=busybox:1.36 --command -- sleep 3600",
         "sleep 20s")


@pytest.mark.parametrize(("line", "out", "status", "noted"), [
    ("exec box -- nslookup db",
     HEAD + "db.default.svc.cluster.local\tcanonical name = db.example.com\n\n", 0, False),
    ("exec box -- nslookup db.default.svc.cluster.local",
     HEAD + "db.default.svc.cluster.local\tcanonical name = db.example.com\n\n", 0, False),
    ("exec box -- nslookup alias",
     HEAD + "alias.default.svc.cluster.local\tcanonical name = web.default.svc.cluster.local\n"
     "Name:\tweb.default.svc.cluster.local\nAddress: {web_ip}\n\n", 0, False),
    ("exec box -- nslookup web", HEAD + "Name:\tweb.default.svc.cluster.local\nAddress: {web_ip}\n\n",
     0, False),
    ("exec box -- nslookup nope", HEAD + "** server can't find nope: NXDOMAIN\n\n", 1, False),
    ("exec box -- wget -qO- http://db", "wget: bad address 'db'\n", 1, True),
    ("exec deploy/web -- curl http://db", "curl: (6) Could not resolve host: db\n", 1, True),
    ("exec deploy/web -- curl -s http://db", "", 1, True),
    ("exec deploy/web -- curl -sS http://db", "curl: (6) Could not resolve host: db\n", 1, True),
])
def test_external_name_from_a_pod(cluster: Cluster, line: str, out: str, status: int,
                                  noted: bool) -> None:
    for before in SETUP:
        assert run(cluster, before).status == 0, before
    web_ip = cluster.get("Service", "default", "web")["spec"]["clusterIP"]
    result = run(cluster, line)
    assert result.output == out.format(web_ip=web_ip)
    assert result.status == status
    if noted:
        assert result.notes == ("db is the ExternalName Service db, a CNAME to db.example.com, "
                                "which the offline cluster cannot reach.",)
    else:
        assert result.notes == ()


def test_curl_exit_code_is_the_number_of_its_error(cluster: Cluster) -> None:
    for before in SETUP:
        run(cluster, before)
    result = run(cluster, "exec deploy/web -- curl http://db")
    assert result.error == "command terminated with exit code 6\n"
