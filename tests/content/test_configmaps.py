"""The ConfigMaps lesson's exercises: answers a learner might type, judged as lessonkit describes.

Other correct answers must pass; common mistakes must fail with a finding that names them.
"""

from __future__ import annotations

import textwrap

import pytest
from lessonkit import COURSES, LANGS, ShippedLesson, assert_fails_helpfully, assert_passes

configmaps = ShippedLesson("configmaps")


@pytest.mark.parametrize("lang", LANGS)
def test_configmaps_come_after_deployments(lang):
    lesson = COURSES[lang].lesson(configmaps.id)
    assert lesson is not None
    assert lesson.order == 6 and lesson.prerequisites == ("deployments",)


# --- other correct answers -----------------------------------------------------------------

CORRECT = [
    # configmaps-fix-mount
    pytest.param(
        "configmaps-fix-mount",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          volumes:
            - configMap:
                name: myconfigmap
              name: config        # renamed the volume instead of the mount
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - readOnly: true
                  mountPath: /etc/foo
                  name: config
        """,
        id="fix-mount/rename-volume-other-order",
    ),
    pytest.param(
        "configmaps-fix-mount",
        """
        {apiVersion: v1, kind: Pod, metadata: {name: mypod, labels: {app: cache}},
         spec: {containers: [{name: mypod, image: redis,
                 volumeMounts: [{name: foo, mountPath: "/etc/foo", readOnly: true}]}],
                volumes: [{name: foo, configMap: {name: myconfigmap}}]}}
        """,
        id="fix-mount/flow-style-extra-label",
    ),
    pytest.param(
        "configmaps-fix-mount",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: myconfigmap
        data:
          mode: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: settings
                  mountPath: '/etc/foo'
                  readOnly: true
          volumes:
            - name: settings
              configMap:
                name: myconfigmap
        """,
        id="fix-mount/with-the-configmap-and-another-volume-name",
    ),
    # configmaps-complete-volume
    pytest.param(
        "configmaps-complete-volume",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
          labels:
            app: redis
        spec:
          volumes:
            - name: config
              configMap: {name: myconfigmap}
          containers:
            - name: mypod
              image: redis:7
              volumeMounts: [{mountPath: /etc/foo, name: config, readOnly: true}]
        """,
        id="complete-volume/volumes-first-redis-7-flow-mount",
    ),
    pytest.param(
        "configmaps-complete-volume",
        """
        # mypod reads its configuration from /etc/foo
        apiVersion: v1
        kind: Pod
        metadata: {name: mypod}
        spec:
          containers:
            - image: redis
              name: mypod
              volumeMounts:
                - name: cfg          # any volume name will do
                  readOnly: true
                  mountPath: "/etc/foo"
          volumes:
            - name: cfg
              configMap:
                name: myconfigmap
                defaultMode: 0644
        """,
        id="complete-volume/comments-other-name-default-mode",
    ),
    # configmaps-envfrom-scratch
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: printer
          labels: {app: printer}
        spec:
          restartPolicy: Never
          containers:
            - name: main
              image: busybox:1.36
              # the prompt asks for a Pod that keeps running (a finished one cannot be exec'd)
              command: [sh, -c, "env; sleep 3600"]
              envFrom:
                - configMapRef:
                    name: app-settings
                    optional: false
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        data:
          MODE: "production"
          LOG_LEVEL: "debug"
        """,
        id="envfrom/pod-first-quoted-values-restart-never",
    ),
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-settings"},
         "data": {"LOG_LEVEL": "debug", "MODE": "production", "EXTRA": "yes please"}}
        ---
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "demo"},
         "spec": {"containers": [{"name": "demo", "image": "busybox:1.36",
                  "command": ["sh", "-c", "env; sleep 3600"],
                  "envFrom": [{"configMapRef": {"name": "app-settings"}}]}]}}
        """,
        id="envfrom/json-style-extra-key",
    ),
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
          labels:
            app.kubernetes.io/name: demo
        data:
          LOG_LEVEL: debug
          MODE: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: env-demo
        spec:
          containers:
            - name: app
              image: busybox:1.36
              args: ["sh", "-c", "echo $LOG_LEVEL $MODE; sleep 3600"]
              envFrom:
                - configMapRef:
                    name: app-settings
              env:
                - name: GREETING
                  value: hello
        """,
        id="envfrom/args-and-an-extra-env-var",
    ),
    # configmaps-immutable-v2
    pytest.param(
        "configmaps-immutable-v2",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-config-v2
          labels:
            version: v2
        data:
          greeting.txt: |
            hello from v2
        immutable: true
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-config-v1
        immutable: true
        data:
          greeting.txt: hello from v1
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              volumes:
                - name: config
                  configMap:
                    name: app-config-v2
              containers:
                - name: web
                  image: nginx:1.27
                  volumeMounts:
                    - name: config
                      mountPath: /usr/share/nginx/html/config
                      readOnly: true
        """,
        id="immutable-v2/v2-first-block-text-volumes-first",
    ),
    pytest.param(
        "configmaps-immutable-v2",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config-v1}
        immutable: true
        data: {greeting.txt: hello from v1}
        ---
        {apiVersion: v1, kind: ConfigMap, metadata: {name: app-config-v2},
         immutable: true, data: {"greeting.txt": "hello from v2"}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            kubernetes.io/change-cause: "switch to app-config-v2"
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
                tier: frontend
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                  volumeMounts:
                    - name: greeting
                      mountPath: /usr/share/nginx/html/config
                      readOnly: true
              volumes:
                - name: greeting
                  configMap:
                    name: app-config-v2
        """,
        id="immutable-v2/flow-configmaps-change-cause-other-volume-name",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text"), CORRECT)
def test_correct_answer_passes(exercise_id, text, lang):
    assert_passes(configmaps.judge(exercise_id, text, lang))


# --- the immutable-v2 exercise's objects, for its mistakes below --------------------------


def app_config(version: str, *, immutable: str = "immutable: true", greeting: str = "") -> str:
    """ConfigMap ``app-config-<version>`` holding greeting.txt.

    ``immutable`` is the line written after the name: top-level as given, inside metadata when
    indented, left out when empty.
    """
    lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: app-config-{version}"]
    lines += [immutable] if immutable else []
    lines += ["data:", f"  greeting.txt: {greeting or f'hello from {version}'}"]
    return "\n".join(lines) + "\n"


# How web()'s container mounts the volume; indented to sit under `image:` in web()'s text.
MOUNTS = {
    "read-only": """
                  volumeMounts:
                    - name: config
                      mountPath: /usr/share/nginx/html/config
                      readOnly: true""",
    "writable": """
                  volumeMounts:
                    - name: config
                      mountPath: /usr/share/nginx/html/config""",
    "none": "",
}


def web(configmap: str = "app-config-v2", *, mount: str = "read-only") -> str:
    """The exercise's Deployment, its volume from ``configmap``, mounted as ``MOUNTS[mount]``."""
    return textwrap.dedent(
        f"""\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.27{MOUNTS[mount]}
              volumes:
                - name: config
                  configMap:
                    name: {configmap}
        """
    )


def documents(*parts: str) -> str:
    """Join whole YAML documents (each ending in a newline) with --- lines."""
    return "---\n".join(parts)


# --- common wrong answers ------------------------------------------------------------------
# (exercise, answer, finding code expected or None, word expected in some finding's message)

WRONG = [
    # configmaps-fix-mount
    pytest.param(
        "configmaps-fix-mount",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: config
                  mountPath: "/etc/foo"
                  readOnly: true
          volumes:
            - name: config
              configMap:
                name: config
        """,
        None,
        "myconfigmap",
        id="fix-mount/renamed-the-configmap-reference-too",
    ),
    pytest.param(
        "configmaps-fix-mount",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: foo
                  mountPath: "/etc/foo"
                  readonly: true
          volumes:
            - name: foo
              configMap:
                name: myconfigmap
        """,
        "unknown-field",
        "readonly",
        id="fix-mount/readonly-lowercase",
    ),
    pytest.param(
        "configmaps-fix-mount",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: foo
                  mountPath: "/etc/foo"
          volumes:
            - name: foo
              configMap:
                name: myconfigmap
        """,
        None,
        "read-only",
        id="fix-mount/dropped-readonly",
    ),
    pytest.param(
        "configmaps-fix-mount",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: config
                  mountPath: "/etc/foo"
                  readOnly: true
          volumes:
            - name: foo
              configMap:
                name: config
        """,
        "volume-mount-unknown",
        "config",
        id="fix-mount/changed-the-wrong-name",
    ),
    # configmaps-complete-volume
    pytest.param(
        "configmaps-complete-volume",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: foo
                  mountPath: "/etc/foo"
                  readOnly: true
        """,
        "volume-mount-unknown",
        "foo",
        id="complete-volume/mount-without-volume",
    ),
    pytest.param(
        "configmaps-complete-volume",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: foo
                  mountPath: "/etc/foo"
                  readOnly: true
              volumes:
                - name: foo
                  configMap:
                    name: myconfigmap
        """,
        "unknown-field",
        "volumes",
        id="complete-volume/volumes-inside-the-container",
    ),
    pytest.param(
        "configmaps-complete-volume",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: foo
                  mountPath: "/etc/foo"
                  readOnly: "true"
          volumes:
            - name: foo
              configMap:
                name: myconfigmap
        """,
        "wrong-type",
        None,
        id="complete-volume/readonly-quoted-string",
    ),
    pytest.param(
        "configmaps-complete-volume",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: foo
                  mountPath: "/etc/foo"
                  readOnly: true
          volumes:
            - name: foo
              configmap:
                name: myconfigmap
        """,
        "unknown-field",
        "configmap",
        id="complete-volume/configmap-lowercase",
    ),
    pytest.param(
        "configmaps-complete-volume",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: mypod
        spec:
          containers:
            - name: mypod
              image: redis
              volumeMounts:
                - name: foo
                  mountPath: "/etc/foo"
                  readOnly: true
          volumes:
            - name: foo
              configMap:
                name: myconfigmap
                items:
                  - key: app.conf
                    path: app.conf
        """,
        None,
        "items",
        id="complete-volume/items-picks-only-one-key",
    ),
    # configmaps-envfrom-scratch
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        data:
          LOG_LEVEL: debug
          MODE: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: env-demo
        spec:
          containers:
            - name: app
              image: busybox:1.36
              env:
                - name: LOG_LEVEL
                  valueFrom:
                    configMapKeyRef:
                      name: app-settings
                      key: LOG_LEVEL
        """,
        None,
        "envFrom",
        id="envfrom/one-key-with-env-instead-of-envfrom",
    ),
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        data:
          LOG_LEVEL: debug
          MODE: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: env-demo
        spec:
          containers:
            - name: app
              image: busybox:1.36
              envFrom:
                - configMapKeyRef:
                    name: app-settings
        """,
        "unknown-field",
        "configMapKeyRef",
        id="envfrom/configmapkeyref-under-envfrom",
    ),
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        spec:
          data:
            LOG_LEVEL: debug
            MODE: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: env-demo
        spec:
          containers:
            - name: app
              image: busybox:1.36
              envFrom:
                - configMapRef:
                    name: app-settings
        """,
        "unknown-field",
        "spec",
        id="envfrom/configmap-with-spec",
    ),
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        data:
          LOG_LEVEL: debug
          MODE: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: env-demo
        spec:
          containers:
            - name: app
              image: busybox:1.36
              envFrom:
                - configMapRef:
                    name: app-setting
        """,
        "configmap-missing",
        "app-setting",
        id="envfrom/typo-in-the-configmap-name",
    ),
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        data:
          LOG_LEVEL: debug
          MODE: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: env-demo
        spec:
          containers:
            - name: app
              image: busybox:1.36
              envFrom:
                - configMapRef: app-settings
        """,
        "wrong-type",
        None,
        id="envfrom/configmapref-as-text",
    ),
    pytest.param(
        "configmaps-envfrom-scratch",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        data:
          log_level: debug
          mode: production
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: env-demo
        spec:
          containers:
            - name: app
              image: busybox:1.36
              envFrom:
                - configMapRef:
                    name: app-settings
        """,
        None,
        "LOG_LEVEL",
        id="envfrom/lowercase-keys",
    ),
    # configmaps-immutable-v2
    pytest.param(
        "configmaps-immutable-v2",
        documents(
            app_config("v1", greeting="hello from v2"), web("app-config-v1", mount="writable")
        ),
        None,
        "app-config-v2",
        id="immutable-v2/edited-v1-in-place",
    ),
    pytest.param(
        "configmaps-immutable-v2",
        documents(
            app_config("v1"), app_config("v2", immutable="  immutable: true"), web(mount="none")
        ),
        "unknown-field",
        "immutable",
        id="immutable-v2/immutable-inside-metadata",
    ),
    pytest.param(
        "configmaps-immutable-v2",
        documents(app_config("v1"), app_config("v2", immutable=""), web()),
        None,
        "immutable",
        id="immutable-v2/v2-not-immutable",
    ),
    pytest.param(
        "configmaps-immutable-v2",
        documents(app_config("v1"), app_config("v2", immutable='immutable: "true"'), web()),
        "wrong-type",
        None,
        id="immutable-v2/immutable-quoted-string",
    ),
    pytest.param(
        "configmaps-immutable-v2",
        documents(app_config("v1"), app_config("v2"), web("app-config-v1")),
        None,
        "app-config-v2",
        id="immutable-v2/deployment-still-on-v1",
    ),
    pytest.param(
        "configmaps-immutable-v2",
        documents(app_config("v2"), web()),
        None,
        "app-config-v1",
        id="immutable-v2/dropped-v1",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text", "code", "word"), WRONG)
def test_common_mistake_fails_helpfully(exercise_id, text, code, word, lang):
    report = configmaps.judge(exercise_id, text, lang)
    assert_fails_helpfully(report, code, word, lang, word_in="any message")
