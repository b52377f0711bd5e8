"""Organisations, people, roles with their scopes and 2FA, discretion levels."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts.models import (
    EmailDomain,
    Organisation,
    OrganisationUserObjectPermission,
    RoleChange,
    SensitiveTopic,
    User,
)
from accounts.roles import Role, Scope
from training.models import GrantedLevel, LevelDecision

from . import vocab
from .base import World, bulk, days_ago, split, zipf_weights

PASSWORD = "benchmark-people-password"  # noqa: S105 - loopback benchmark data
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - as the demo's
KINDS = [Organisation.Kind.CENTRAL_DEPARTMENT] * 3 + [Organisation.Kind.AGENCY] * 2
KINDS += [Organisation.Kind.LOCAL_COUNCIL] * 5
# Granted discretion levels; level 1 (supervised) is the default without a row.
LEVELS = [(0, 0.03), (1, 0.50), (2, 0.35), (3, 0.12)]


def domain_of(index: int) -> str:
    return f"org{index:04d}.bench.gov.uk"


def _organisation_name(index: int, kind: str) -> str:
    round_, slot = divmod(index, len(vocab.PLACES))
    suffix = f" {round_ + 1}" if round_ else ""
    if kind == Organisation.Kind.CENTRAL_DEPARTMENT:
        area = vocab.DEPARTMENT_AREAS[index % len(vocab.DEPARTMENT_AREAS)]
        return f"Department for {area}{suffix} ({index})"
    if kind == Organisation.Kind.AGENCY:
        return f"{vocab.PLACES[slot]} Standards Agency{suffix}"
    return f"{vocab.PLACES[slot]} Council{suffix}"


def create_organisations(world: World, count: int) -> None:
    rows = [
        Organisation(
            name=_organisation_name(i, KINDS[i % len(KINDS)]),
            short_name=f"BENCH{i:04d}",
            kind=KINDS[i % len(KINDS)],
        )
        for i in range(count)
    ]
    world.organisations = bulk(Organisation, rows)
    bulk(
        EmailDomain,
        [
            EmailDomain(organisation=o, domain=domain_of(i))
            for i, o in enumerate(world.organisations)
        ],
    )
    topics = []
    for organisation in world.organisations:
        names = world.rng.sample(vocab.SENSITIVE_TOPICS, 3)
        world.sensitive_topics[organisation.pk] = names
        topics += [SensitiveTopic(organisation=organisation, name=n) for n in names]
    bulk(SensitiveTopic, topics)


def create_people(world: World, count: int) -> None:
    """Staff sizes follow a rank-size curve: a few big departments, many small
    councils. Everyone shares one password hash (hashing 20,000 would take
    minutes)."""
    rng = world.rng
    password = make_password(PASSWORD)
    sizes = split(count, zipf_weights(len(world.organisations), 0.8), minimum=12)
    rows = []
    for index, (organisation, size) in enumerate(
        zip(world.organisations, sizes, strict=True)
    ):
        for _ in range(size):
            number = len(rows)
            joined = days_ago(world, 20, 1100)
            rows.append(
                User(
                    email=f"p{number:07d}@{domain_of(index)}",
                    full_name=f"{rng.choice(vocab.FIRST_NAMES)} "
                    f"{rng.choice(vocab.LAST_NAMES)}",
                    job_title=rng.choice(vocab.JOB_TITLES),
                    organisation_id=organisation.pk,
                    password=password,
                    date_joined=joined,
                    last_login=days_ago(world, 0, 30) if rng.random() < 0.7 else None,
                    is_active=rng.random() > 0.02,
                )
            )
    for user in bulk(User, rows):
        world.staff.setdefault(user.organisation_id, []).append(user.pk)
        world.organisation_of[user.pk] = user.organisation_id
        world.joined[user.pk] = user.date_joined
        if not user.is_active:
            world.inactive.add(user.pk)
    bulk(
        EmailAddress,
        [
            EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True)
            for u in rows
        ],
    )


def _holders(world: World) -> list[tuple[int, str, int | None]]:
    """(user id, role, organisation id in scope) for every role held."""
    held = []
    for organisation in world.organisations:
        staff = [u for u in world.staff[organisation.pk] if u not in world.inactive]
        officers = max(2, len(staff) // 500)
        trainers = max(1, len(staff) // 1000)
        world.press_officers[organisation.pk] = staff[:officers]
        world.trainers[organisation.pk] = staff[officers : officers + trainers]
        held += [(u, Role.PRESS_OFFICER, organisation.pk) for u in staff[:officers]]
        held += [
            (u, Role.TRAINER, organisation.pk)
            for u in staff[officers : officers + trainers]
        ]
        if organisation == world.organisations[0]:
            others = staff[officers + trainers :]
            world.editors, world.administrators = others[:3], others[3:5]
    held += [(u, Role.PRINCIPLES_EDITOR, None) for u in world.editors]
    held += [(u, Role.ADMINISTRATOR, None) for u in world.administrators]
    # A shared press office: some officers also cover the next organisation.
    for here, there in zip(
        world.organisations[::7], world.organisations[1::7], strict=False
    ):
        officer = world.press_officers[here.pk][0]
        held.append((officer, Role.PRESS_OFFICER, there.pk))
    return held


def create_roles(world: World) -> None:
    held = _holders(world)
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    organisation_type = ContentType.objects.get_for_model(Organisation)
    scopes = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type=organisation_type, codename__in=Scope.values
        )
    }
    scope_of = {
        Role.PRESS_OFFICER: Scope.REVIEW_POSTS_FOR,
        Role.TRAINER: Scope.TRAIN_STAFF_OF,
    }
    memberships = {(user, role) for user, role, _ in held}
    bulk(
        User.groups.through,
        [User.groups.through(user_id=u, group=groups[r]) for u, r in memberships],
    )
    bulk(
        OrganisationUserObjectPermission,
        [
            OrganisationUserObjectPermission(
                user_id=u, permission=scopes[scope_of[r]], content_object_id=o
            )
            for u, r, o in held
            if o is not None
        ],
    )
    _record_role_changes(world, held)
    User.objects.filter(pk__in=world.administrators).update(
        is_staff=True, is_superuser=True
    )
    # Every role needs 2FA (accounts.decorators.role_required).
    secret = encrypt(TOTP_SECRET)
    bulk(
        Authenticator,
        [
            Authenticator(
                user_id=u, type=Authenticator.Type.TOTP, data={"secret": secret}
            )
            for u in {u for u, _ in memberships}
        ],
    )


def _record_role_changes(world: World, held) -> None:
    names = {o.pk: o.name for o in world.organisations}
    emails = dict(
        User.objects.filter(pk__in={u for u, _, _ in held}).values_list("pk", "email")
    )
    rows = []
    for user, role, organisation in held:
        when = world.joined[user] + timedelta(days=1)
        rows.append(
            RoleChange(
                created_at=when,
                actor_email="system",
                user_id=user,
                user_email=emails[user],
                action=RoleChange.Action.SCOPE_GRANTED
                if organisation
                else RoleChange.Action.ROLE_GRANTED,
                role=role,
                organisation_id=organisation,
                organisation_name=names.get(organisation, ""),
            )
        )
    bulk(RoleChange, rows)


def create_levels(world: World) -> None:
    """Granted levels with the decision that set each one."""
    rng = world.rng
    levels, decisions = [], []
    for organisation_id, staff in world.staff.items():
        trainer = world.trainers[organisation_id][0]
        for user in staff:
            level = rng.choices([x for x, _ in LEVELS], [w for _, w in LEVELS])[0]
            if level == 1 and rng.random() < 0.8:
                continue  # the default: no row
            when = world.joined[user] + timedelta(days=rng.uniform(1, 20))
            world.granted_levels[user] = level
            levels.append(GrantedLevel(person_id=user, level=level, updated_at=when))
            decisions.append(
                LevelDecision(
                    person_id=user,
                    old_level=1,
                    new_level=level,
                    reason="Trained and mentored: ready for more discretion.",
                    decided_by_id=trainer,
                    created_at=when,
                )
            )
    bulk(GrantedLevel, levels)
    bulk(LevelDecision, decisions)
