"""Known notification kinds. Each renders from templates/notifications/<kind>/{title,subject,body}.txt
with the notification's payload as context. Modules add kinds by adding templates and calling
`register_kind` in their AppConfig.ready()."""

KINDS: set[str] = {"welcome", "role_granted"}


def register_kind(kind: str) -> None:
    KINDS.add(kind)
