public import GatehouseCore

/// `infra/cgi/apache.conf`: Apache httpd, mpm_event + mod_cgid.
enum ApacheRenderer {
    static func render(_ catalog: DeploymentCatalog) -> RenderedFile {
        let aliases =
            catalog.pathMap.map { entry in
                #"ScriptAliasMatch "^/("# + PathPattern.regex(entry.pattern, parameter: "[^/]+")
                    + #")$" "@BIN@/\#(entry.function.rawValue)/$1""#
            } + [#"ScriptAliasMatch "^/(.*)$" "@BIN@/\#(catalog.fallbackFunction.rawValue)/$1""#]
        let functions = catalog.functions.flatMap { function in
            [#"    <Files "\#(function.name.rawValue)">"#]
                + function.deployedVariables.map { variable in
                    #"        SetEnv \#(variable.deployedName) "\#(CGIPlaceholders.value(of: variable))""#
                } + ["    </Files>"]
        }
        let lines = Text.join(
            ["# Apache httpd (mpm_event + mod_cgid) in front of the Gatehouse function executables."],
            CGIPlaceholders.legend(
                catalog,
                server: [
                    "@PORT@ listen port (127.0.0.1)   @BIN@ folder of the functions   @STATE@ pid, logs, sockets",
                    "@USER@ @GROUP@ the account CGI programs run as (Apache refuses to run them as root)",
                ]),
            [
                #"# Run: apache2 -f "$PWD/apache.conf" -DFOREGROUND   (Debian's binary; httpd elsewhere)"#,
                #"ServerRoot "/usr/lib/apache2""#,
                "LoadModule mpm_event_module modules/mod_mpm_event.so",
                "LoadModule authz_core_module modules/mod_authz_core.so",
                "LoadModule alias_module modules/mod_alias.so",
                "LoadModule env_module modules/mod_env.so",
                "LoadModule headers_module modules/mod_headers.so",
                "LoadModule cgid_module modules/mod_cgid.so",
                "",
                "ServerName 127.0.0.1",
                "Listen 127.0.0.1:@PORT@",
                "User @USER@",
                "Group @GROUP@",
                #"PidFile "@STATE@/apache.pid""#,
                #"ErrorLog "@STATE@/apache-error.log""#,
                "LogLevel warn",
                #"DefaultRuntimeDir "@STATE@""#,
                "Mutex file:@STATE@ default",
                #"ScriptSock "@STATE@/cgid.sock""#,
                #"DocumentRoot "@STATE@/www""#,
                "",
                "# httpoxy: a Proxy request header never becomes HTTP_PROXY (Gatehouse would not read it anyway).",
                "RequestHeader unset Proxy early",
                "",
                "# One rule per route pattern of the catalog: the path goes to the function owning it, which gets",
                "# the rest as PATH_INFO and the original path as REQUEST_URI (the query string is not part of the",
                "# match). Anything else goes to \(catalog.fallbackFunction.rawValue), which answers 404 in "
                    + "Gatehouse's error envelope.",
            ], aliases,
            [
                "",
                #"<Directory "@BIN@">"#,
                "    Require all granted",
                "    # Without this Apache withholds the Authorization header from CGI programs.",
                "    CGIPassAuth On",
                "    # Each function is given exactly its own settings.",
            ], functions, ["</Directory>"])
        return RenderedFile(path: "infra/cgi/apache.conf", text: lines)
    }
}
