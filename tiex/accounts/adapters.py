from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):  # type: ignore[no-untyped-def]
        # People join by invitation only.
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    pass
