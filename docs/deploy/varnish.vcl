vcl 4.1;
# Tavolone's HTTP cache: Varnish between nginx (docs/deploy/nginx.conf) and gunicorn, the file
# docs/deploy.md describes and `make staging` runs. Replace each ${NAME} (staging fills them in;
# envsubst does too):
#
#   ${APP_HOST}  gunicorn's address, e.g. 127.0.0.1
#   ${APP_PORT}  gunicorn's port, e.g. 8000
#
# It stores only anonymous public pages that name their tags (Cache-Tags: global page:12 …),
# for their s-maxage: every change that alters one bans it at once, so no short TTL is needed.
#   BAN  with "Cache-Tags: a b"   (from the site, after the commit) drops every page tagged a or b
#   PURGE <path> with its Host    (Wagtail's frontend cache) drops that page in every language
# Both only from the addresses in `purgers` (the web and background workers).

backend default {
    .host = "${APP_HOST}";
    .port = "${APP_PORT}";
    .connect_timeout = 5s;
    .first_byte_timeout = 35s;  # gunicorn's --timeout is 30 s
    .between_bytes_timeout = 35s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN" || req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN") {
            # Tags are [a-z0-9:_-] words, one space apart: anything else would be read as part
            # of the regex (an empty alternative would ban every page).
            if (req.http.Cache-Tags !~ "^[a-z0-9:_-]+( [a-z0-9:_-]+)*$") {
                return (synth(400, "Bad tags"));
            }
            # obj.* only: the ban lurker drops the objects in the background. No space in the
            # regex: ban() splits its argument on spaces.
            ban("obj.http.Cache-Tags ~ (^|[[:space:]])("
                + regsuball(req.http.Cache-Tags, " ", "|") + ")([[:space:]]|$)");
            return (synth(200, "Banned"));
        }
        # Every language variant of the URL, whatever its cookie (the host without its port:
        # nginx passes $host, Wagtail names the Site's port).
        ban("obj.http.X-Host == " + regsub(req.http.host, ":[0-9]+$", "")
            + " && obj.http.X-Url == " + req.url);
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Members and visitors with pending messages go to the site; nothing of theirs is stored.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Other cookies do not change an anonymous page except the language (in the hash below);
    # they are passed on, as the site reads them (a form's CSRF token makes the answer private).
    return (hash);
}

sub vcl_hash {
    # What changes an anonymous page: the host, the URL and the chosen language.
    hash_data(req.url);
    hash_data(req.http.host);
    if (req.http.Cookie ~ "(^|;\s*)django_language=") {
        hash_data(regsub(req.http.Cookie, "^(.*;\s*)?django_language=([^;]*).*$", "\2"));
    }
    return (lookup);
}

sub vcl_backend_response {
    # Only pages a ban can reach are stored: the rest (search answers follow the index, static
    # files, private answers) go to the site each time (hit-for-miss, so no request waits).
    if (!beresp.http.Cache-Tags || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Kept for its s-maxage (Varnish reads it first); for a PURGE by URL, ban-lurker friendly.
    set beresp.http.X-Url = bereq.url;
    set beresp.http.X-Host = regsub(bereq.http.host, ":[0-9]+$", "");
    set beresp.grace = 10s;
}

sub vcl_backend_error {
    # The site did not answer (a worker killed mid-request, gunicorn down): a gateway error, as
    # nginx alone would say it (502), not Varnish's 503 that the site keeps for "try later".
    set beresp.status = 502;
    set beresp.reason = "Bad Gateway";
}

sub vcl_deliver {
    unset resp.http.Cache-Tags;
    unset resp.http.X-Url;
    unset resp.http.X-Host;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
