public import GatehouseCore

/// `infra/cgi/nginx.conf` and its include `infra/cgi/nginx-fastcgi.inc`: nginx + fcgiwrap.
enum NginxRenderer {
    static func render(_ catalog: DeploymentCatalog) -> [RenderedFile] {
        [configuration(catalog), include(catalog)]
    }

    /// The nginx variable holding a setting's value for the request's function: `$gatehouse_issuer`.
    static func variable(_ setting: SettingVariable) -> String {
        "$gatehouse_" + setting.deployedName.dropFirst("GATEHOUSE_".count).lowercased()
    }

    static func configuration(_ catalog: DeploymentCatalog) -> RenderedFile {
        let routes = catalog.pathMap.map { entry in
            #"        "~^/"# + PathPattern.regex(entry.pattern, parameter: "[^/]+")
                + #"$" \#(entry.function.rawValue);"#
        }
        let settings = catalog.deployedVariables.flatMap { setting in
            ["    map $function \(variable(setting)) {", #"        default "";"#]
                + catalog.functions.filter { $0.deployedVariables.contains(setting) }.map { function in
                    #"        \#(function.name.rawValue) "\#(CGIPlaceholders.value(of: setting))";"#
                } + ["    }"]
        }
        let lines = Text.join(
            ["# nginx + fcgiwrap in front of the Gatehouse function executables."],
            CGIPlaceholders.legend(
                catalog,
                server: [
                    "@PORT@ listen port (127.0.0.1)   @BIN@ folder of the functions   @STATE@ pid, logs, temp",
                    "@FCGIWRAP_SOCKET@ where fcgiwrap listens:  fcgiwrap -s unix:@FCGIWRAP_SOCKET@",
                    "@CONF_DIR@ the folder holding nginx-fastcgi.inc   @USER@ @GROUP@ the account fcgiwrap runs as",
                ]),
            [
                #"# Run: nginx -p @STATE@ -c "$PWD/nginx.conf"   (next to a running fcgiwrap)"#,
                "daemon off;",
                "worker_processes 1;",
                "# Workers must reach fcgiwrap's socket; use the account fcgiwrap runs as.",
                "user @USER@ @GROUP@;",
                "pid @STATE@/nginx.pid;",
                "error_log @STATE@/nginx-error.log warn;",
                "",
                "events { worker_connections 64; }",
                "",
                "http {",
                "    access_log off;",
                "    client_body_temp_path @STATE@/client-body;",
                "    proxy_temp_path @STATE@/proxy;",
                "    fastcgi_temp_path @STATE@/fastcgi;",
                "    uwsgi_temp_path @STATE@/uwsgi;",
                "    scgi_temp_path @STATE@/scgi;",
                "    # Gatehouse refuses bodies over 64 KiB itself (413); nginx may stop larger ones earlier.",
                "    client_max_body_size 1m;",
                "",
                "    # One rule per route pattern of the catalog: the function owning the path. Anything else goes to",
                "    # \(catalog.fallbackFunction.rawValue), which answers 404 in Gatehouse's error envelope.",
                "    map $uri $function {",
                "        default \(catalog.fallbackFunction.rawValue);",
            ], routes,
            [
                "    }",
                "",
                "    # Each function is given exactly its own settings: a setting is empty for the others, and",
                "    # nginx-fastcgi.inc passes it only when it is not (if_not_empty).",
            ], settings,
            [
                "",
                "    server {",
                "        listen 127.0.0.1:@PORT@;",
                "        location / { include @CONF_DIR@/nginx-fastcgi.inc; }",
                "    }",
                "}",
            ])
        return RenderedFile(path: "infra/cgi/nginx.conf", text: lines)
    }

    static func include(_ catalog: DeploymentCatalog) -> RenderedFile {
        let width = catalog.deployedVariables.map(\.deployedName.count).max() ?? 0
        let settings = catalog.deployedVariables.map { setting in
            "fastcgi_param \(setting.deployedName.paddedTo(width)) "
                + "\(variable(setting)) if_not_empty;"
        }
        let lines = Text.join(
            [
                "# The CGI/1.1 variables for one Gatehouse function behind fcgiwrap (included by nginx.conf, whose",
                "# maps set $function and each $gatehouse_* setting). Rendered by `gatehouse deploy render nginx`.",
                "# nginx buffers the request body (a chunked one too) and passes CONTENT_LENGTH.",
                "fastcgi_pass unix:@FCGIWRAP_SOCKET@;",
                "fastcgi_param GATEWAY_INTERFACE CGI/1.1;",
                "fastcgi_param SERVER_SOFTWARE   nginx;",
                "fastcgi_param SERVER_PROTOCOL   $server_protocol;",
                "fastcgi_param SERVER_NAME       $server_name;",
                "fastcgi_param SERVER_PORT       $server_port;",
                "fastcgi_param REQUEST_METHOD    $request_method;",
                "fastcgi_param REQUEST_URI       $request_uri;",
                "fastcgi_param QUERY_STRING      $query_string;",
                "fastcgi_param CONTENT_TYPE      $content_type;",
                "fastcgi_param CONTENT_LENGTH    $content_length;",
                #"fastcgi_param SCRIPT_NAME       "";"#,
                "fastcgi_param SCRIPT_FILENAME   @BIN@/$function;",
                "fastcgi_param PATH_INFO         $uri;",
                "fastcgi_param REMOTE_ADDR       $remote_addr;",
                "fastcgi_param REMOTE_PORT       $remote_port;",
                "# httpoxy: a Proxy request header never becomes HTTP_PROXY (Gatehouse would not read it anyway).",
                #"fastcgi_param HTTP_PROXY        "";"#,
            ], settings)
        return RenderedFile(path: "infra/cgi/nginx-fastcgi.inc", text: lines)
    }
}
