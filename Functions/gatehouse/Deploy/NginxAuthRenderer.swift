public import GatehouseCore

/// `infra/nginx/gatehouse-auth.conf`: nginx in front of an upstream API, every request authorized by
/// Gatehouse's verify route with `auth_request`; no credential reaches the upstream.
enum NginxAuthRenderer {
    static func render(_ catalog: DeploymentCatalog) throws(DeploymentError) -> RenderedFile {
        guard let verify = catalog.routes.first(where: { $0.operation == .verify }) else {
            throw DeploymentError("nginx-auth needs the verify route (GET /v1/verify), which the catalog lacks")
        }
        let cookie = SettingGroup.common.variables.first { $0.name == "GATEHOUSE_COOKIE_NAME" }
        guard cookie != nil else {
            throw DeploymentError("nginx-auth needs GATEHOUSE_COOKIE_NAME, which the catalog lacks")
        }
        let location = { (scope: String) -> [String] in
            [#"            set $required_scope "\#(scope)";"#, "            proxy_pass http://api;"]
                + ["Tenant", "Subject", "Scopes", "App-Id"].map { header in
                    let variable = header.lowercased().replacing("-id", with: "")
                    return "            proxy_set_header X-Auth-\(header) $auth_\(variable);"
                }
                + [
                    "            # The upstream needs no credential: none is forwarded (empty drops the header)."
                ]
                + PresentedCredential.headerNames.map { #"            proxy_set_header \#($0) "";"# }
                + ["            proxy_set_header Cookie $cookie_without_session;"]
        }
        let lines = Text.join(
            [
                "# nginx in front of an upstream API, every request authorized by Gatehouse's verify function",
                "# (auth_request, http://nginx.org/en/docs/http/ngx_http_auth_request_module.html).",
                "# Rendered by `gatehouse deploy render nginx-auth`: do not edit; change the catalog and render again.",
                "#",
                "# Placeholders, replaced by whoever installs this file (the test does it):",
                "#   @LISTEN@     the address nginx listens on, e.g. 127.0.0.1:8000",
                "#   @UPSTREAM@   the protected API, e.g. 127.0.0.1:9000",
                "#   @GATEHOUSE@  gatehouse-server (or any server running the verify function), e.g. 127.0.0.1:8080",
                "#   @PREFIX@     a writable folder for nginx's temporary files and logs",
                "#   @COOKIE_NAME@ the session cookie (GATEHOUSE_COOKIE_NAME; default __Host-gh_session)",
                "#",
                "# The client's credential headers go to Gatehouse; Gatehouse's X-Auth-* answer headers go to the",
                "# upstream, which trusts them because only nginx can reach it. A client can never set X-Auth-*",
                "# itself: the headers are overwritten (empty when absent) before proxying. No credential reaches",
                "# the upstream: " + PresentedCredential.headerNames.joined(separator: ", ") + " are dropped,",
                "# and the session cookie is cut out of Cookie (other cookies pass).",
                "",
                "worker_processes 1;",
                "pid @PREFIX@/nginx.pid;",
                "error_log @PREFIX@/error.log warn;",
                "daemon off;",
                "",
                "events { worker_connections 256; }",
                "",
                "http {",
                "    access_log @PREFIX@/access.log;",
                "    client_body_temp_path @PREFIX@/body;",
                "    proxy_temp_path @PREFIX@/proxy;",
                "    fastcgi_temp_path @PREFIX@/fastcgi;",
                "    uwsgi_temp_path @PREFIX@/uwsgi;",
                "    scgi_temp_path @PREFIX@/scgi;",
                "",
                "    upstream gatehouse { server @GATEHOUSE@; keepalive 16; }",
                "    upstream api { server @UPSTREAM@; }",
                "",
                "    # The Cookie header without the session cookie (empty, and so dropped, when it was the only one);",
                "    # a header still naming it after one pass (the cookie sent twice) is dropped whole.",
                "    map $http_cookie $cookie_first_pass {",
                #"        "~^\s*@COOKIE_NAME@=[^;]*(?:;\s*)?(?<rest>.*)$" "$rest";"#,
                #"        "~^(?<before>.*?);\s*@COOKIE_NAME@=[^;]*(?<after>.*)$" "$before$after";"#,
                "        default $http_cookie;",
                "    }",
                "    map $cookie_first_pass $cookie_without_session {",
                #"        "~(?:^|;)\s*@COOKIE_NAME@=" "";"#,
                "        default $cookie_first_pass;",
                "    }",
                "",
                "    server {",
                "        listen @LISTEN@;",
                "",
                "        # Every request is authorized first. Each location says which scope it needs with",
                #"        # `set $required_scope …;` ("" for any valid credential). Do not set it at server level:"#,
                "        # the auth subrequest runs the server's rewrite phase again and would reset it.",
                "        auth_request /_gatehouse_verify;",
                "        auth_request_set $auth_tenant $upstream_http_x_auth_tenant;",
                "        auth_request_set $auth_subject $upstream_http_x_auth_subject;",
                "        auth_request_set $auth_scopes $upstream_http_x_auth_scopes;",
                "        auth_request_set $auth_app $upstream_http_x_auth_app_id;",
                "        # A 401 passes Gatehouse's WWW-Authenticate challenge on by itself; a 403 needs it copied.",
                "        auth_request_set $auth_challenge $upstream_http_www_authenticate;",
                "        error_page 403 = @auth_forbidden;",
                "",
                "        # 429 from Gatehouse reaches nginx as an error (auth_request knows only 2xx, 401, 403):",
                "        # answer it as 503 with a clear body; 401 and 403 pass through as they are.",
                "        error_page 500 = @auth_unavailable;",
                "",
                "        location / {",
            ], location(""),
            [
                "        }",
                "",
                "        location /admin/ {",
            ], location("admin:write"),
            [
                "        }",
                "",
                "        location = /_gatehouse_verify {",
                "            internal;",
                "            proxy_pass http://gatehouse\(verify.pattern);",
                "            proxy_pass_request_body off;",
                #"            proxy_set_header Content-Length "";"#,
                "            proxy_set_header X-Required-Scope $required_scope;",
                "            # The client's address, for the unauthenticated limit; configure nginx's address in",
                "            # GATEHOUSE_TRUSTED_PROXIES so Gatehouse believes it.",
                "            proxy_set_header X-Forwarded-For $remote_addr;",
                "            proxy_set_header X-Original-URI $request_uri;",
                "            proxy_http_version 1.1;",
                #"            proxy_set_header Connection "";"#,
                "        }",
                "",
                "        location @auth_forbidden {",
                "            default_type application/json;",
                "            add_header WWW-Authenticate $auth_challenge always;",
                #"            return 403 '{"error":{"code":"forbidden","message":"The credential lacks a required scope"}}';"#,
                "        }",
                "",
                "        location @auth_unavailable {",
                "            default_type application/json;",
                #"            return 503 '{"error":{"code":"unavailable","#
                    + #""message":"Authorization unavailable or rate limited"}}';"#,
                "        }",
                "    }",
                "}",
            ])
        return RenderedFile(path: "infra/nginx/gatehouse-auth.conf", text: lines)
    }
}
