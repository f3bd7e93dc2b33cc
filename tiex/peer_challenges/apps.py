from django.apps import AppConfig


class PeerChallengesConfig(AppConfig):
    name = "tiex.peer_challenges"
    label = "peer_challenges"
    verbose_name = "Peer challenges"

    def ready(self) -> None:
        from tiex.peer_challenges import (
            permissions,  # noqa: F401
            reminders,  # noqa: F401  (registers the overdue reminders job)
        )
        from tiex.peer_challenges.plan_sources import describe_challenges
        from tiex.plans.sources import register

        register("peer-challenge", describe_challenges)
