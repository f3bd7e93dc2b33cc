"""Writing the demo partnerships: replace the demo ones in place (same references, same ids), in bulk."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tiex.partnerships.demo.plans import LAST_DATA_YEAR, Plan
from tiex.partnerships.models import (
    OtherPartner,
    Partnership,
    PartnershipBenefit,
    PartnershipCouncil,
    PartnershipStatus,
    Savings,
    SavingsEvidence,
    SavingsStatus,
)
from tiex.partnerships.services_state import state_bump

FIELDS = ("name", "description", "kind", "status", "start_year", "end_year", "lead_council_id", "benefits")
FIELDS_TOO = ("no_savings_reason", "contact_email", "is_demo")


def write_plans(plans: list[Plan], categories: dict[int, int]) -> dict[str, int]:
    now = timezone.now()
    taken = set(Partnership.objects.filter(is_demo=False).values_list("reference", flat=True))
    plans = [p for p in plans if p.reference not in taken]  # never touch a partnership that is not demo
    with transaction.atomic():
        existing = {p.reference: p for p in Partnership.objects.filter(is_demo=True)}
        ids = [p.pk for p in existing.values()]
        # The demo's own rows, replaced below: deleted in plain SQL, without a signal per row
        # (Wagtail's reference index keys a snippet's child rows on the partnership itself).
        for queryset in (
            PartnershipCouncil.objects.filter(partnership_id__in=ids),
            OtherPartner.objects.filter(partnership_id__in=ids),
            PartnershipBenefit.objects.filter(partnership_id__in=ids),
            Savings.objects.filter(partnership_id__in=ids),
            Partnership.categories.through.objects.filter(partnership_id__in=ids),
        ):
            queryset._raw_delete(queryset.db)
        wanted = {p.reference for p in plans}
        removed = [pk for ref, pk in ((r, p.pk) for r, p in existing.items()) if ref not in wanted]
        Partnership.objects.filter(pk__in=removed).delete()
        rows: list[Partnership] = []
        new: list[Partnership] = []
        changed: list[Partnership] = []
        for plan in plans:
            values = {
                "name": plan.name[:300],
                "description": plan.description,
                "kind": plan.kind,
                "status": _status(plan),
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "lead_council_id": plan.councils[0],
                "benefits": plan.benefits,
                "no_savings_reason": plan.reason,
                "contact_email": "",
                "is_demo": True,
            }
            partnership = existing.get(plan.reference)
            if partnership is None:
                partnership = Partnership(reference=plan.reference, **values)
                new.append(partnership)
            elif any(getattr(partnership, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(partnership, key, value)
                partnership.updated_at = now
                changed.append(partnership)
            rows.append(partnership)
        Partnership.objects.bulk_update(changed, [*FIELDS, *FIELDS_TOO, "updated_at"], batch_size=200)
        Partnership.objects.bulk_create(new, batch_size=500)
        through = Partnership.categories.through
        PartnershipCouncil.objects.bulk_create(
            [
                PartnershipCouncil(partnership=p, council_id=c)
                for p, plan in zip(rows, plans, strict=True)
                for c in plan.councils
            ],
            batch_size=1000,
        )
        OtherPartner.objects.bulk_create(
            [
                OtherPartner(partnership=p, name=n, kind=k)
                for p, plan in zip(rows, plans, strict=True)
                for n, k in plan.partners
            ]
        )
        PartnershipBenefit.objects.bulk_create(
            [PartnershipBenefit(partnership=p, tag=t) for p, plan in zip(rows, plans, strict=True) for t in plan.tags]
        )
        through.objects.bulk_create(
            [
                through(partnership_id=p.pk, servicecategory_id=categories[c])
                for p, plan in zip(rows, plans, strict=True)
                for c in plan.categories
                if c in categories
            ],
            batch_size=1000,
        )
        Savings.objects.bulk_create(
            [
                Savings(
                    partnership=p,
                    financial_year=year,
                    amount_gbp=amount,
                    status=plan.basis.get(year, (SavingsStatus.ACHIEVED, SavingsEvidence.NONE))[0],
                    evidence=plan.basis.get(year, (SavingsStatus.ACHIEVED, SavingsEvidence.NONE))[1],
                )
                for p, plan in zip(rows, plans, strict=True)
                for year, amount in plan.savings.items()
            ],
            batch_size=1000,
        )
        state_bump()
    return {"created": len(new), "updated": len(changed), "removed": len(removed)}


def _status(plan: Plan) -> str:
    if plan.start_year > LAST_DATA_YEAR:
        return PartnershipStatus.IN_DEVELOPMENT
    if plan.end_year is not None:
        return PartnershipStatus.ENDED
    return PartnershipStatus.OPERATIONAL
