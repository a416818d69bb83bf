"""The Pods lesson's exercises: answers a learner might type, judged as lessonkit describes.

Other correct answers must pass; common mistakes must fail with a finding that names them.
"""

from __future__ import annotations

import pytest
from lessonkit import LANGS, ShippedLesson, assert_fails_helpfully, assert_passes

pods = ShippedLesson("pods")

# --- correct answers written differently pass ---------------------------------------------------

CORRECT = [
    pytest.param(
        "pods-fix-typo",
        """
        # the same Pod, keys in another order
        kind: Pod
        apiVersion: v1
        spec:
          containers:
            - image: nginx:1.27
              name: web
              ports:
                - containerPort: 80
        metadata:
          labels:
            app: web
          name: web
        """,
        id="fix-typo/other-key-order",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web, tier: frontend}}
        spec:
          containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]
        """,
        id="fix-typo/flow-style-extra-label",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: web
            image: nginx:1.27
            ports:
            - containerPort: 80
              name: http
              protocol: TCP
        """,
        id="fix-typo/unindented-lists-named-port",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels:
            app: web
        spec:
          containers:
            - image: 'nginx:1.27'   # quoted image, image before name
              name: web
              ports: [{containerPort: 80}]
        """,
        id="complete/quoted-image-flow-ports",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: frontend
        spec:
          containers:
            - name: nginx
              image: nginx:1.27
              ports:
                - name: http
                  containerPort: 80
                  protocol: TCP
        """,
        id="complete/other-names-named-port",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web"},
         "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                  "ports": [{"containerPort": 80}]}]}}
        """,
        id="complete/json",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: shop
          labels:
            app: shop
        spec:
          containers:
            # the sidecar first: order does not matter
            - name: fetcher
              image: busybox:1.36
              command:
                - sh
                - -c
                - while true; do wget -qO- localhost; sleep 5; done
            - name: nginx
              image: nginx:1.27
              ports:
                - containerPort: 80
                  name: http
        """,
        id="sidecar/sidecar-first-block-command",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: demo}
        spec:
          containers:
            - {name: web, image: nginx:1.27, ports: [{containerPort: 80}]}
            - name: poller
              image: busybox:1.36
              command: ["/bin/sh", "-c", "while true; do wget -qO- http://localhost:80/; sleep 5; done"]
        """,
        id="sidecar/flow-items-full-url",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-with-poller
        spec:
          restartPolicy: Always
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: poller
              image: busybox:1.36
              command: ['sh', '-c', 'while true; do wget -qO- localhost; sleep 5; done']
              resources:
                requests:
                  cpu: 10m
                  memory: "16Mi"
        """,
        id="sidecar/single-quotes-resources",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text"), CORRECT)
def test_correct_answer_passes(exercise_id, text, lang):
    assert_passes(pods.judge(exercise_id, text, lang))


# --- common mistakes fail, with a finding that names the problem ---------------------------------

WRONG = [
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          Containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
        """,
        "unknown-field",
        "containers",
        id="fix-typo/capitalised-Containers",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            name: web
            image: nginx:1.27
            ports:
              - containerPort: 80
        """,
        "wrong-type",
        "containers",
        id="fix-typo/containers-as-mapping-not-list",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
          ports:
            - containerPort: 80
        """,
        "unknown-field",
        "ports",
        id="fix-typo/ports-dedented-into-pod-spec",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: "80"
        """,
        "wrong-type",
        "containerPort",
        id="complete/quoted-port-number",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - port: 80
        """,
        "unknown-field",
        "port",
        id="complete/port-instead-of-containerPort",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                containerPort: 80
        """,
        "wrong-type",
        "ports",
        id="complete/ports-as-mapping-not-list",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              ports:
                - containerPort: 80
        """,
        "expectation",
        "nginx:1.27",
        id="complete/image-without-tag",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: poller
        spec:
          containers:
            - name: poller
              image: busybox:1.36
              command: ["sh", "-c", "while true; do wget -qO- localhost; sleep 5; done"]
        """,
        "expectation",
        "one Pod",
        id="sidecar/two-pods-instead-of-one",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: web
              image: busybox:1.36
              command: ["sh", "-c", "while true; do wget -qO- localhost; sleep 5; done"]
        """,
        "duplicate-container-name",
        "web",
        id="sidecar/same-name-twice",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: poller
              image: busybox:1.36
              command: sh -c 'while true; do wget -qO- localhost; sleep 5; done'
        """,
        "wrong-type",
        "command",
        id="sidecar/command-as-one-string",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: poller
              image: busybox:1.36
              command: ["sh", "-c", "while true; do wget -qO- web:80; sleep 5; done"]
        """,
        "expectation",
        "localhost",
        id="sidecar/container-name-instead-of-localhost",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
            - name: poller
              image: busybox:1.36
              ports:
                - containerPort: 80
              command: ["sh", "-c", "while true; do wget -qO- localhost; sleep 5; done"]
        """,
        "expectation",
        "nginx",
        id="sidecar/port-declared-on-the-wrong-container",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text", "code", "word"), WRONG)
def test_common_mistake_fails_helpfully(exercise_id, text, code, word, lang):
    assert_fails_helpfully(pods.judge(exercise_id, text, lang), code, word, lang)
