"""gunicorn's settings for `make serve` (environment variables override each)."""
import os

_cores = os.cpu_count() or 1

bind = os.environ.get("GONGKAI_BIND", "127.0.0.1:8000")
# Threads, since most of a request is waiting on PostgreSQL; two processes per core keep the
# cores busy while a process computes (a comparison, a parse).
worker_class = "gthread"
workers = int(os.environ.get("GONGKAI_WORKERS", 2 * _cores))
threads = int(os.environ.get("GONGKAI_THREADS", 4))
# Long enough for a first comparison or a large upload's parse; a stuck worker is replaced.
timeout = int(os.environ.get("GONGKAI_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# A fresh process now and then keeps memory from creeping up (jieba, caches).
max_requests = 2000
max_requests_jitter = 200
# Requests larger than this are refused by gunicorn itself (the proxy should refuse first).
limit_request_line = 8190
accesslog = os.environ.get("GONGKAI_ACCESS_LOG", "-")
errorlog = "-"
# The proxy in front is on this machine unless told otherwise.
forwarded_allow_ips = os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No control interface: its socket would sit at one path per user, shared by every server.
control_socket_disable = True


def on_starting(server):
    # jieba's dictionary (most of a second of CPU) loaded once in the master: every worker forked
    # from it has it, rather than the first comparison in each worker paying for it.
    import jieba

    jieba.setLogLevel(30)
    jieba.initialize()
