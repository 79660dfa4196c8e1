from wagtail import hooks

from tavolone.pagecache import policy


@hooks.register("before_serve_page")
def declare_page_policy(page, request, serve_args, serve_kwargs) -> None:
    # Previews and restricted pages never reach the site cache: they need a member's session,
    # or answer a redirect or a password form (not a public 200).
    policy.declare(request, policy.for_page(page))
