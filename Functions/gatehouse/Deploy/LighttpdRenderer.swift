public import GatehouseCore

/// `infra/cgi/lighttpd.conf`: lighttpd + mod_cgi.
enum LighttpdRenderer {
    static func render(_ catalog: DeploymentCatalog) -> RenderedFile {
        let rules =
            catalog.pathMap.map { entry in
                (#""^(/"# + PathPattern.regex(entry.pattern, parameter: "[^/?]+") + #"(?:\?.*)?)$""#, entry.function)
            } + [(#""^(/.*)$""#, catalog.fallbackFunction)]
        let width = rules.map(\.0.count).max() ?? 0
        let rewrites = rules.map { rule in
            "    \(rule.0.paddedTo(width)) => \"/fn/\(rule.1.rawValue)$1\","
        }
        let functions = catalog.functions.flatMap { function in
            let variables = function.deployedVariables
            let nameWidth = variables.map { $0.deployedName.count + 2 }.max() ?? 0
            return [#"$HTTP["url"] =~ "^/fn/\#(function.name.rawValue)/" {"#, #"    cgi.assign = ( "" => "" )"#]
                + ["    setenv.add-environment = ("]
                + variables.map { variable in
                    let name = "\"\(variable.deployedName)\"".paddedTo(nameWidth)
                    return "        \(name) => \"\(CGIPlaceholders.value(of: variable))\","
                } + ["    )", "}"]
        }
        let lines = Text.join(
            ["# lighttpd (mod_cgi) in front of the Gatehouse function executables."],
            CGIPlaceholders.legend(
                catalog,
                server: ["@PORT@ listen port (127.0.0.1)   @BIN@ folder of the functions   @STATE@ pid, logs, temp"]),
            [
                "# Run: lighttpd -D -f lighttpd.conf",
                #"server.bind          = "127.0.0.1""#,
                "server.port          = @PORT@",
                #"server.document-root = "@STATE@/www""#,
                #"server.pid-file      = "@STATE@/lighttpd.pid""#,
                #"server.errorlog      = "@STATE@/lighttpd-error.log""#,
                #"server.upload-dirs   = ( "@STATE@" )"#,
                #"server.modules       = ( "mod_rewrite", "mod_alias", "mod_setenv", "mod_cgi" )"#,
                "# Buffer the request body, so a chunked body reaches the function de-chunked with CONTENT_LENGTH.",
                "server.stream-request-body = 0",
                "",
                "# One rule per route pattern of the catalog: the path (and any query string) goes to the function",
                "# owning it, which sees the original REQUEST_URI, so the rewrite is invisible to it. Anything else",
                "# goes to \(catalog.fallbackFunction.rawValue), which answers 404 in Gatehouse's error envelope.",
                "url.rewrite-once = (",
            ], rewrites,
            [
                ")",
                #"alias.url = ( "/fn/" => "@BIN@/" )"#,
                "",
                "# lighttpd passes CGI programs the CGI variables only: each function's settings go in explicitly.",
                "# HTTP_PROXY is never passed on by lighttpd (httpoxy), and Gatehouse would not read it anyway.",
            ], functions)
        return RenderedFile(path: "infra/cgi/lighttpd.conf", text: lines)
    }
}
