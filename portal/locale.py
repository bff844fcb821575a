"""The interface language: Chinese unless the reader chose English with the header's switcher.

Django's LocaleMiddleware also follows the browser's Accept-Language; here only the reader's
own choice (the language cookie set by set_language) counts, so that a researcher whose browser
asks for English still meets the portal in Chinese, its documents' language, until they switch."""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response
