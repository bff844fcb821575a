"""Error answers: the portal's own pages (templates/404.html, 500.html), and JSON under /api/,
where a client reads `detail` whatever went wrong."""
from django.http import JsonResponse
from django.views import defaults

API = "/api/"


def _json(detail, status):
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception=None, message="请求有误。"):
    if request.path.startswith(API):
        return _json(message, 400)
    if exception is None:
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    if request.path.startswith(API):
        return _json("未找到。", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API):
        return _json("服务器出错。", 500)
    return defaults.server_error(request)
