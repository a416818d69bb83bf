"""The Ingress lesson's exercises and the course capstone, judged as lessonkit describes.

Other correct answers must pass; common mistakes, and in the capstone every broken reference
between objects, must fail with a finding that names them.
"""

from __future__ import annotations

import textwrap

import pytest
from lessonkit import (
    COURSES,
    LANGS,
    ShippedLesson,
    assert_fails_helpfully,
    assert_passes,
    describe,
    has_chinese,
)

from kubelearn.checker import check

ingress = ShippedLesson("ingress")


def docs(*parts: str) -> str:
    """Join YAML documents, each written indented inside this file, with --- lines."""
    return "\n---\n".join(textwrap.dedent(p).strip("\n") for p in parts) + "\n"


def test_capstone_is_the_last_exercise_of_the_course():
    for lang in LANGS:
        # Troubleshooting comes after it: it practises in the playground what the course taught.
        lessons = [lesson for lesson in sorted(COURSES[lang].lessons, key=lambda lesson: lesson.order)
                   if lesson.id != "troubleshooting"]
        assert lessons[-1].id == ingress.id
        assert lessons[-1].exercises[-1].id == "ingress-capstone"


def test_capstone_is_judged_by_what_the_app_does():
    """Every cross reference (selector, backend, volume) is proven by running the app: a
    request through the Ingress reaches it, and the ConfigMap's file is visible in its Pods."""
    expectations = ingress.exercise("ingress-capstone", "en").expectations
    by_form = {}
    for e in expectations:
        by_form.setdefault(next(key for key in e if key != "message"), []).append(e)
    assert any(r["request"]["url"].startswith("http://notes.example.com/")
               for r in by_form["request"])
    assert any(x["exec"]["command"][:1] == ["cat"] for x in by_form["exec"])
    assert by_form["ready"][0]["ready"]["count"] == 2


# --- the Services the exercises ship with -----------------------------------------------------

SERVICE_WEB = """
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
"""

SERVICE_API = """
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
"""

SERVICE_WEB_NAMED_PORT = """
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 80
"""


def fix_backend_ingress(backend: str) -> str:
    """The fix-backend exercise's Ingress with another backend under `backend:`."""
    return (
        textwrap.dedent(
            """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
        spec:
          ingressClassName: nginx
          rules:
            - host: www.example.com
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
            """
        )
        + textwrap.indent(textwrap.dedent(backend).strip("\n"), " " * 14)
        + "\n"
    )


def fanout_ingress(web_path: str) -> str:
    """The fan-out exercise's Ingress, /api done, with this item added for /web."""
    return (
        textwrap.dedent(
            """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
        spec:
          ingressClassName: nginx
          rules:
            - host: shop.example.com
              http:
                paths:
                  - path: /api
                    pathType: Prefix
                    backend:
                      service:
                        name: api
                        port:
                          number: 80
            """
        )
        + textwrap.indent(textwrap.dedent(web_path).strip("\n"), " " * 10)
        + "\n"
    )


def tls_ingress(tls: str) -> str:
    """The TLS exercise's Ingress with this text first under spec."""
    return (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n"
        + textwrap.indent(textwrap.dedent(tls).strip("\n"), " " * 2)
        + "\n"
        + textwrap.indent(
            textwrap.dedent(
                """
                ingressClassName: nginx
                rules:
                  - host: shop.example.com
                    http:
                      paths:
                        - path: /
                          pathType: Prefix
                          backend:
                            service:
                              name: web
                              port:
                                number: 80
                """
            ).lstrip("\n"),
            "  ",
        )
    )


def capstone(
    *,
    configmap_name: str = "notes-site",
    volume_configmap: str = "notes-site",
    template_labels: str = "app: notes",
    selector: str = "app: notes",
    service_name: str = "notes",
    backend_name: str = "notes",
    backend_port: str = "number: 80",
    mount_name: str = "site",
    mount_path: str = "/usr/share/nginx/html",
) -> str:
    """A capstone answer; each argument breaks or renames one reference between objects."""
    return docs(
        f"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {configmap_name}
        data:
          index.html: |
            <h1>Notes</h1>
        """,
        f"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: notes
        spec:
          replicas: 2
          selector:
            matchLabels: {{{template_labels}}}
          template:
            metadata:
              labels: {{{template_labels}}}
            spec:
              containers:
                - name: nginx
                  image: nginx:1.27
                  volumeMounts:
                    - name: {mount_name}
                      mountPath: {mount_path}
              volumes:
                - name: site
                  configMap:
                    name: {volume_configmap}
        """,
        f"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {service_name}
        spec:
          selector: {{{selector}}}
          ports:
            - port: 80
        """,
        f"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: notes
        spec:
          rules:
            - host: notes.example.com
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: {backend_name}
                        port: {{{backend_port}}}
        """,
    )


# --- correct answers written differently pass ---------------------------------------------------

CORRECT = [
    pytest.param(
        "ingress-fix-backend",
        docs(SERVICE_WEB, fix_backend_ingress("service: {name: web, port: {number: 80}}")),
        id="fix-backend-flow-style",
    ),
    pytest.param(
        "ingress-fix-backend",
        docs(
            fix_backend_ingress(
                """
                service:
                  port:
                    name: http      # the Service's port 80, by its name
                  name: web
                """
            ),
            SERVICE_WEB_NAMED_PORT,
        ),
        id="fix-backend-port-by-name-ingress-first",
    ),
    pytest.param(
        "ingress-fix-backend",
        docs(
            SERVICE_WEB,
            """
            # no ingressClassName: the cluster's default IngressClass is used
            kind: Ingress
            apiVersion: networking.k8s.io/v1
            metadata:
              name: website
              annotations:
                nginx.ingress.kubernetes.io/ssl-redirect: "false"
            spec:
              rules:
                - http:
                    paths:
                      - backend:
                          service:
                            name: web
                            port:
                              number: 80
                        pathType: Prefix
                        path: /
                  host: www.example.com
            """,
        ),
        id="fix-backend-other-name-annotation-keys-reordered",
    ),
    pytest.param(
        "ingress-fanout",
        docs(
            SERVICE_API,
            SERVICE_WEB_NAMED_PORT,
            fanout_ingress(
                """
                - path: /web
                  pathType: Prefix
                  backend:
                    service:
                      name: web
                      port:
                        name: http
                """
            ),
        ),
        id="fanout-web-port-by-name",
    ),
    pytest.param(
        "ingress-fanout",
        docs(
            SERVICE_API,
            SERVICE_WEB_NAMED_PORT,
            fanout_ingress(
                "- {path: /web, pathType: Prefix, "
                "backend: {service: {name: web, port: {number: 80}}}}"
            ),
        ),
        id="fanout-web-path-in-flow-style",
    ),
    pytest.param(
        "ingress-fanout",
        docs(
            SERVICE_API,
            SERVICE_WEB_NAMED_PORT,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
            spec:
              ingressClassName: nginx
              rules:
                - host: shop.example.com          # one rule per path, same host
                  http:
                    paths:
                      - path: /web
                        pathType: Prefix
                        backend: {service: {name: web, port: {number: 80}}}
                - host: shop.example.com
                  http:
                    paths:
                      - path: /api
                        pathType: Prefix
                        backend: {service: {name: api, port: {number: 80}}}
            """,
        ),
        id="fanout-two-rules-same-host-web-first",
    ),
    pytest.param(
        "ingress-tls",
        docs(SERVICE_WEB, tls_ingress("tls: [{hosts: [shop.example.com], secretName: shop-tls}]")),
        id="tls-flow-style",
    ),
    pytest.param(
        "ingress-tls",
        docs(
            tls_ingress(
                """
                tls:
                  - secretName: "shop-tls"      # quoted, and before hosts
                    hosts:
                      - "shop.example.com"
                      - www.shop.example.com
                """
            ),
            SERVICE_WEB,
        ),
        id="tls-quoted-extra-host-ingress-first",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(),
        id="capstone-like-the-solution-without-readOnly-or-ports",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(
            configmap_name="homepage",
            volume_configmap="homepage",
            template_labels="app.kubernetes.io/name: notes, tier: web",
            selector="tier: web, app.kubernetes.io/name: notes",
            service_name="notes-frontend",
            backend_name="notes-frontend",
        ),
        id="capstone-other-names-and-labels",
    ),
    pytest.param(
        "ingress-capstone",
        docs(
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: site}
            spec:
              ingressClassName: nginx
              tls: [{hosts: [notes.example.com], secretName: notes-tls}]
              rules:
                - host: notes.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix,
                         backend: {service: {name: site, port: {name: http}}}}
            """,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: site}
            spec:
              selector: {component: site}
              ports: [{name: http, port: 80, targetPort: web}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: site
              labels: {component: site}
            spec:
              selector: {matchLabels: {component: site}}
              replicas: 2
              template:
                metadata: {labels: {component: site, version: "1"}}
                spec:
                  volumes: [{name: pages, configMap: {name: pages}}]
                  containers:
                    - image: nginx:1.27
                      name: web
                      ports: [{name: web, containerPort: 80}]
                      volumeMounts:
                        - {mountPath: /usr/share/nginx/html, name: pages, readOnly: true}
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: pages}
            data:
              index.html: "<h1>Notes</h1>"
            """,
        ),
        id="capstone-reverse-order-flow-style-named-ports-tls",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text"), CORRECT)
def test_correct_answer_passes(exercise_id, text, lang):
    assert_passes(ingress.judge(exercise_id, text, lang))


# --- common mistakes fail, with a finding that names the problem ---------------------------------

WRONG = [
    pytest.param(
        "ingress-fix-backend",
        docs(SERVICE_WEB, fix_backend_ingress("service: {name: web, port: 80}")),
        {"wrong-type"},
        "port",
        id="fix-backend-port-as-a-bare-number",
    ),
    pytest.param(
        "ingress-fix-backend",
        docs(SERVICE_WEB, fix_backend_ingress("service: {name: web, servicePort: 80}")),
        {"unknown-field"},
        "servicePort",
        id="fix-backend-half-converted",
    ),
    pytest.param(
        "ingress-fix-backend",
        docs(SERVICE_WEB, fix_backend_ingress("service: {name: web, port: {number: 8080}}")),
        {"ingress-unknown-port", "expectation"},
        "port",
        id="fix-backend-port-the-service-does-not-have",
    ),
    pytest.param(
        "ingress-fix-backend",
        docs(SERVICE_WEB, fix_backend_ingress("serviceName: web")),
        {"unknown-field"},
        "serviceName",
        id="fix-backend-old-field-kept",
    ),
    pytest.param(
        "ingress-fanout",
        docs(
            SERVICE_API,
            SERVICE_WEB_NAMED_PORT,
            fanout_ingress(
                """
                - path: /web
                  pathType: Prefix
                  backend:
                    service:
                      name: api
                      port:
                        number: 80
                """
            ),
        ),
        {"expectation"},
        "web",
        id="fanout-copied-path-still-names-api",
    ),
    pytest.param(
        "ingress-fanout",
        docs(
            SERVICE_API,
            SERVICE_WEB_NAMED_PORT,
            fanout_ingress(
                """
                - path: /web
                  pathType: Exact
                  backend:
                    service:
                      name: web
                      port:
                        number: 80
                """
            ),
        ),
        {"expectation"},
        "Prefix",
        id="fanout-exact-matches-only-web-itself",
    ),
    pytest.param(
        "ingress-fanout",
        docs(
            SERVICE_API,
            SERVICE_WEB_NAMED_PORT,
            fanout_ingress(
                """
                - path: /web
                  backend:
                    service:
                      name: web
                      port:
                        number: 80
                """
            ),
        ),
        {"missing-field"},
        "pathType",
        id="fanout-pathType-left-out",
    ),
    pytest.param(
        "ingress-fanout",
        docs(
            SERVICE_API,
            SERVICE_WEB_NAMED_PORT,
            fanout_ingress(
                """
                - path: /web
                  pathType: Prefix
                  backend:
                    service:
                      name: web
                      port:
                        name: web
                """
            ),
        ),
        {"ingress-unknown-port"},
        "http",
        id="fanout-port-name-that-web-does-not-have",
    ),
    pytest.param(
        "ingress-tls",
        docs(
            SERVICE_WEB,
            tls_ingress("tls:\n  - hosts: shop.example.com\n    secretName: shop-tls"),
        ),
        {"wrong-type"},
        "list",
        id="tls-hosts-not-a-list",
    ),
    pytest.param(
        "ingress-tls",
        docs(SERVICE_WEB, tls_ingress("tls: [{hosts: [shop.example.com], secretName: shop-cert}]")),
        {"expectation"},
        "shop-tls",
        id="tls-other-secret-name",
    ),
    pytest.param(
        "ingress-tls",
        docs(SERVICE_WEB, tls_ingress("tls: [{secretName: shop-tls}]")),
        {"expectation"},
        "hosts",
        id="tls-without-hosts",
    ),
    pytest.param(
        "ingress-tls",
        docs(
            SERVICE_WEB,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
            spec:
              rules:
                - host: shop.example.com
                  tls:
                    secretName: shop-tls
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend: {service: {name: web, port: {number: 80}}}
            """,
        ),
        {"unknown-field"},
        "tls",
        id="tls-inside-the-rule",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(selector="app: notes-web"),
        {"service-selects-nothing", "expectation"},
        "selector",
        id="capstone-service-selector-matches-no-pod",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(backend_name="notes-svc"),
        {"ingress-unknown-service", "expectation"},
        "notes-svc",
        id="capstone-ingress-names-a-service-not-in-the-answer",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(backend_port="number: 8080"),
        {"ingress-unknown-port", "expectation"},
        "8080",
        id="capstone-ingress-port-the-service-does-not-have",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(volume_configmap="notes"),
        {"configmap-missing", "expectation"},
        "ConfigMap",
        id="capstone-volume-names-a-configmap-not-in-the-answer",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(mount_name="html"),
        {"volume-mount-unknown"},
        "html",
        id="capstone-volumeMount-names-no-volume",
    ),
    pytest.param(
        "ingress-capstone",
        capstone(mount_path="/etc/nginx/html"),
        {"expectation"},
        "/usr/share/nginx/html",
        id="capstone-mounted-where-nginx-does-not-look",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text", "codes", "word"), WRONG)
def test_common_mistake_fails_helpfully(exercise_id, text, codes, word, lang):
    report = ingress.judge(exercise_id, text, lang)
    assert_fails_helpfully(report, codes, word, lang, word_in="any message")


# --- checker gaps found while writing this lesson, now closed and guarded --------------------------


def test_lowercase_path_type_is_rejected():
    report = check(
        docs(
            SERVICE_WEB,
            fix_backend_ingress("service: {name: web, port: {number: 80}}").replace(
                "pathType: Prefix", "pathType: prefix"
            ),
        )
    )
    assert not report.ok, describe(report)


def test_ingress_findings_speak_chinese():
    ex = ingress.exercise("ingress-capstone", "zh")
    report = check(capstone(backend_port="number: 8080"), ex.goals, lang="zh")
    finding = next(f for f in report.findings if f.code == "ingress-unknown-port")
    assert has_chinese(finding.message), finding.message
