from __future__ import annotations

from django.core.management.base import BaseCommand

from tiex.peer_challenges.reference import reference_load


class Command(BaseCommand):
    help = "Load the kinds of peer challenge, their themes and the peers' skills (tiex/peer_challenges/data)."

    def handle(self, *args: object, **options: object) -> None:
        for line in reference_load():
            self.stdout.write(line)
