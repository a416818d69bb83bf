"""The servers of the image catalogue (nginx, httpd, redis, hashicorp/http-echo, agnhost, and a
generic image listening on its declared ports): their start-up logs, the files their images
bring, and how each answers an HTTP request (:func:`serve`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from kubelearn.cluster import clock
from kubelearn.cluster.process.program import REASONS, Context, EmptyReply, HttpAnswer, Program
from kubelearn.cluster.process.tools import busybox_date, flag_value

NGINX_VERSION = "1.27.5"

NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""


def nginx_error(status: int) -> str:
    title = f"{status} {REASONS.get(status, '')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1>"
            f"</center>\r\n<hr><center>nginx/{NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n")


HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n"
HTTPD_404 = ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found"
             "</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this "
             "server.</p>\n</body></html>\n")

#: The files each catalogue image brings.
IMAGE_FILES: dict[str, dict[str, str]] = {
    "nginx": {
        "/usr/share/nginx/html/index.html": NGINX_INDEX,
        "/usr/share/nginx/html/50x.html": "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n"
        "</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n",
        "/etc/nginx/nginx.conf": "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\n"
        "pid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n"
        "    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n"
        "    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n",
        "/etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    listen  [::]:80;\n"
        "    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n"
        "        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n"
        "    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n",
    },
    "httpd": {"/usr/local/apache2/htdocs/index.html": HTTPD_INDEX},
}


def nginx_log_start(now_ms: int) -> list[str]:
    stamp = clock.rfc3339(now_ms)[:19].replace("-", "/").replace("T", " ")
    return [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        f'{stamp} [notice] 1#1: using the "epoll" event method',
        f"{stamp} [notice] 1#1: nginx/{NGINX_VERSION}",
        f"{stamp} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) ",
        f"{stamp} [notice] 1#1: OS: Linux 6.8.0",
        f"{stamp} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        f"{stamp} [notice] 1#1: start worker processes",
        f"{stamp} [notice] 1#1: start worker process 29",
    ]


def server_program(lines: list[str], listens: list[tuple[int, tuple]]) -> Program:
    for line in lines:
        yield ("out", line + "\n")
    for port, server in listens:
        yield ("listen", port, server)
    yield ("forever",)
    yield ("block",)
    return 0


def nginx(ctx: Context) -> Program:
    """nginx: the docker-entrypoint and start-up lines, then port 80."""
    return server_program(nginx_log_start(ctx.now()), [(80, ("nginx", "/usr/share/nginx/html"))])


#: ``nginx -h`` of the official image (src/core/nginx.c ``ngx_show_version_info``; the image
#: is configured with --prefix=/etc/nginx/ and --error-log-path=/var/log/nginx/error.log).
NGINX_HELP = (
    "Usage: nginx [-?hvVtTq] [-s signal] [-p prefix]\n"
    "             [-e filename] [-c filename] [-g directives]\n\n"
    "Options:\n"
    "  -?,-h         : this help\n"
    "  -v            : show version and exit\n"
    "  -V            : show version and configure options then exit\n"
    "  -t            : test configuration and exit\n"
    "  -T            : test configuration, dump it and exit\n"
    "  -q            : suppress non-error messages during configuration testing\n"
    "  -s signal     : send signal to a master process: stop, quit, reopen, reload\n"
    "  -p prefix     : set prefix path (default: /etc/nginx/)\n"
    "  -e filename   : set error log file (default: /var/log/nginx/error.log)\n"
    "  -c filename   : set configuration file (default: /etc/nginx/nginx.conf)\n"
    "  -g directives : set global directives out of configuration file\n\n")


def nginx_cli(args: list[str], ctx: Context) -> Program:
    """``nginx`` run beside the server (``kubectl exec web -- nginx -v``), as src/core/nginx.c
    answers its options, all on stderr: ``-v``/``-h`` print the version (and help), ``-t`` tests
    the configuration, ``-s reload|reopen`` signals the master process (a reload changes nothing
    here), ``-s stop|quit`` ends it. ``-V`` prints only the version line: the image's build and
    configure lines are not modelled. Options are read as ``ngx_get_options`` reads them, one
    letter at a time."""
    conf = "/etc/nginx/nginx.conf"
    version = help_ = test = quiet = False
    signal = ""
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-"):
            yield ("out", f'nginx: invalid option: "{arg}"\n')
            return 1
        for j, letter in enumerate(arg[1:], 1):
            if letter in "?h":
                version = help_ = True
            elif letter in "vV":
                version = True
            elif letter == "t":
                test = True
            elif letter == "q":
                quiet = True
            elif letter in "specg":
                value = arg[j + 1:] or (args[i + 1] if i + 1 < len(args) else "")
                if not value:
                    yield ("out", f'nginx: option "-{letter}" requires parameter\n')
                    return 1
                if not arg[j + 1:]:
                    i += 1
                if letter == "s":
                    if value not in ("stop", "quit", "reopen", "reload"):
                        yield ("out", f'nginx: invalid option: "-s {value}"\n')
                        return 1
                    signal = value
                elif letter == "c":
                    conf = value
                break
            else:
                yield ("out", f'nginx: invalid option: "{letter}"\n')
                return 1
        i += 1
    if version:
        yield ("out", f"nginx version: nginx/{NGINX_VERSION}\n" + (NGINX_HELP if help_ else ""))
        return 0
    if test:
        if ctx.files.read(conf) is None:
            yield ("out", f'nginx: [emerg] open() "{conf}" failed (2: No such file or directory)\n'
                          f"nginx: configuration file {conf} test failed\n")
            return 1
        if not quiet:
            yield ("out", f"nginx: the configuration file {conf} syntax is ok\n"
                          f"nginx: configuration file {conf} test is successful\n")
        return 0
    stamp = clock.rfc3339(ctx.now())[:19].replace("-", "/").replace("T", " ")
    if signal:
        # The signaller's own pid; stop is SIGTERM, quit SIGQUIT: either ends the master
        # process, PID 1 of the container, with code 0 (a reload or reopen changes nothing here).
        yield ("out", f"{stamp} [notice] 47#47: signal process started\n")
        if signal in ("stop", "quit") and ctx.signal_main is not None:
            ctx.signal_main(signal)
        return 0
    return (yield from _nginx_cannot_bind(ctx))


def _nginx_cannot_bind(ctx: Context) -> Program:
    """A second nginx beside the running one: port 80 is taken (src/core/ngx_connection.c
    ``ngx_open_listening_sockets``: five tries 500 ms apart; emerg lines go to the error log,
    /dev/stderr in the image, and again to stderr with the ``nginx:`` prefix)."""
    def stamp(ms: int) -> str:
        return clock.rfc3339(ms)[:19].replace("-", "/").replace("T", " ")

    start = ctx.now()
    for attempt in range(5):
        at = stamp(start + attempt * 500)
        for address in ("0.0.0.0:80", "[::]:80"):
            line = f"bind() to {address} failed (98: Address already in use)"
            yield ("out", f"{at} [emerg] 47#47: {line}\nnginx: [emerg] {line}\n")
        yield ("out", f"{at} [notice] 47#47: try again to bind() after 500ms\n")
    at = stamp(start + 2500)
    yield ("out", f"{at} [emerg] 47#47: still could not bind()\nnginx: [emerg] still could not bind()\n")
    return 1


def httpd(ctx: Context) -> Program:
    """Apache httpd: its two start-up lines, then port 80."""
    stamp = busybox_date(ctx.now())
    return server_program([
        f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
        f"using {ctx.pod_ip}. Set the 'ServerName' directive globally to suppress this message",
        f"[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.63 (Unix) configured "
        f"-- resuming normal operations",
    ], [(80, ("httpd", "/usr/local/apache2/htdocs"))])


def redis() -> Program:
    """redis: its start-up lines, then port 6379 (which does not speak HTTP)."""
    return server_program([
        "1:C 02 Jun 2025 09:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        "1:M 02 Jun 2025 09:00:00.000 * Server initialized",
        "1:M 02 Jun 2025 09:00:00.000 * Ready to accept connections tcp",
    ], [(6379, ("tcp", ""))])


def coredns() -> Program:
    """CoreDNS as kubeadm deploys it: DNS on 53, metrics on 9153, the ``health`` plugin's
    /health on 8080 and the ``ready`` plugin's /ready on 8181 (both answer "OK")."""
    return server_program([".:53", "CoreDNS-1.12.0"], [
        (53, ("tcp", "")), (9153, ("coredns", "metrics")), (8080, ("coredns", "/health")),
        (8181, ("coredns", "/ready"))])


def generic(ports: list[int]) -> Program:
    """An image the catalogue does not know: it listens on the Pod's declared ports."""
    return server_program([], [(p, ("generic", "")) for p in ports])


def ingress_nginx() -> Program:
    """ingress-nginx's controller: its nginx on 80 and 443 (the routing itself is
    :mod:`kubelearn.cluster.ingress`, reached at localhost), the admission webhook on 8443,
    and the health endpoint its probes ask, ``/healthz`` on 10254 (internal/ingress/
    controller/checker.go answers "ok")."""
    return server_program([], [(80, ("generic", "")), (443, ("generic", "")),
                               (8443, ("generic", "")), (10254, ("healthz", ""))])


def http_echo(argv: list[str]) -> Program:
    text, listen = None, ":5678"
    args = list(argv)
    for i, arg in enumerate(args):
        for flag in ("-text", "--text"):
            if arg == flag and i + 1 < len(args):
                text = args[i + 1]
            elif arg.startswith(flag + "="):
                text = arg.split("=", 1)[1]
        for flag in ("-listen", "--listen"):
            if arg == flag and i + 1 < len(args):
                listen = args[i + 1]
            elif arg.startswith(flag + "="):
                listen = arg.split("=", 1)[1]
    if text is None:
        yield ("out", "Missing -text option!\n")
        return 127
    port_text = listen.rsplit(":", 1)[-1]
    port = int(port_text) if port_text.isdigit() else 5678
    return (yield from server_program([f"2025/06/02 09:00:00 [INFO] server is listening on {listen}"],
                                       [(port, ("http-echo", text))]))


def _port(argv: list[str], flag: str, default: int) -> int:
    """A ``--port=N`` flag of agnhost; the default when absent or not a number."""
    value = flag_value(argv, flag, str(default))
    return int(value) if value.isdigit() else default


def agnhost(argv: list[str]) -> Program:
    sub = next((a for a in argv if not a.startswith("-") and a not in ("/agnhost", "agnhost")), "")
    if sub == "serve-hostname":
        port = _port(argv, "--port=", 9376)
        return (yield from server_program([], [(port, ("agnhost-hostname", ""))]))
    if sub == "netexec":
        port = _port(argv, "--http-port=", 8080)
        return (yield from server_program([f"I0602 09:00:00.000000       1 log.go:245] Started HTTP server on port {port}"],
                                           [(port, ("agnhost-netexec", ""))]))
    if sub == "pause":
        yield ("out", "Paused\n")
        yield ("forever",)
        yield ("block",)
        return 0
    yield ("out", "Usage:\n  agnhost [command]\n\nAvailable Commands:\n  netexec\n  pause\n  serve-hostname\n")
    return 1


def serve(server: tuple, method: str, path: str, headers: dict[str, str], ctx: Context,
          log: Callable[[str], None], client: str) -> HttpAnswer:
    """How a listening server answers one HTTP request."""
    kind, arg = server
    url = urlsplit(path if path.startswith("/") else "/" + path)
    route = url.path or "/"
    agent = headers.get("User-Agent") or headers.get("user-agent") or "curl/8.5.0"
    if kind in ("tcp",):
        raise EmptyReply()
    if kind in ("nginx", "busybox-httpd", "httpd"):
        answer = _static(kind, arg, route, method, ctx)
        if kind == "nginx":
            stamp = (clock.EPOCH + timedelta(milliseconds=ctx.now())).strftime("%d/%b/%Y:%H:%M:%S +0000")
            log(f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {answer.status} '
                f'{len(answer.body.encode())} "-" "{agent}" "-"')
        return answer
    if kind == "http-echo":
        return HttpAnswer(200, arg + "\n", {"Content-Type": "text/plain; charset=utf-8",
                                              "X-App-Name": "http-echo", "X-App-Version": "1.0.0"})
    if kind == "healthz":
        if route == "/healthz":
            return HttpAnswer(200, "ok", {"Content-Type": "text/plain; charset=utf-8"})
        return HttpAnswer(404, "404 page not found\n", {"Content-Type": "text/plain; charset=utf-8"})
    if kind == "coredns":
        if route == arg:
            return HttpAnswer(200, "OK", {"Content-Type": "text/plain; charset=utf-8"})
        return HttpAnswer(404, "404 page not found\n", {"Content-Type": "text/plain; charset=utf-8"})
    if kind == "agnhost-hostname":
        return HttpAnswer(200, ctx.hostname, {"Content-Type": "text/plain; charset=utf-8"})
    if kind == "agnhost-netexec":
        query = parse_qs(url.query)
        if route == "/hostname":
            return HttpAnswer(200, ctx.hostname, {"Content-Type": "text/plain; charset=utf-8"})
        if route == "/echo":
            return HttpAnswer(200, query.get("msg", [""])[0], {"Content-Type": "text/plain; charset=utf-8"})
        if route == "/clientip":
            return HttpAnswer(200, f"{client}:40000", {"Content-Type": "text/plain; charset=utf-8"})
        if route in ("/healthz", "/readyz"):
            return HttpAnswer(200, "ok", {"Content-Type": "text/plain; charset=utf-8"})
        if route == "/":
            return HttpAnswer(200, f"NOW: {clock.rfc3339(ctx.now())}",
                              {"Content-Type": "text/plain; charset=utf-8"})
        return HttpAnswer(404, "404 page not found\n", {"Content-Type": "text/plain; charset=utf-8"})
    return HttpAnswer(200, "", {"Content-Type": "text/plain"})


def _static(kind: str, root: str, route: str, method: str, ctx: Context) -> HttpAnswer:
    server_header = {"nginx": f"nginx/{NGINX_VERSION}", "httpd": "Apache/2.4.63 (Unix)",
                     "busybox-httpd": ""}[kind]
    headers = {"Content-Type": "text/html"}
    if server_header:
        headers["Server"] = server_header
    if method not in ("GET", "HEAD"):
        if kind == "nginx":
            return HttpAnswer(405, nginx_error(405), headers)
    target = root.rstrip("/") + route
    content = ctx.files.read(target + "index.html" if target.endswith("/") else target)
    if content is None and ctx.files.entries(target) is not None:
        content = ctx.files.read(target.rstrip("/") + "/index.html")
        if content is None:
            content = ctx.files.read(target.rstrip("/") + "/index.htm")
        if content is None and kind == "nginx":
            return HttpAnswer(403, nginx_error(403), headers)
    if content is None:
        if kind == "nginx":
            return HttpAnswer(404, nginx_error(404), headers)
        if kind == "httpd":
            return HttpAnswer(404, HTTPD_404, {**headers, "Content-Type": "text/html; charset=iso-8859-1"})
        return HttpAnswer(404, "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\n"
                          "The requested URL was not found\n</BODY></HTML>\n", headers)
    if not route.endswith((".html", ".htm", "/")):
        headers["Content-Type"] = "text/plain" if "." in route.rsplit("/", 1)[-1] else "application/octet-stream"
    return HttpAnswer(200, content, headers)
