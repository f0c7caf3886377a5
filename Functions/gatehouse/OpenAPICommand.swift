import ArgumentParser
import GatehouseCore

/// `gatehouse openapi`: prints the OpenAPI 3.1 document generated from the route catalog (the one
/// `GET /openapi.json` serves and `infra/openapi.json` holds), or the README's route table.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Print the OpenAPI 3.1 document of every route (or, with --markdown-routes, the README route table).",
        discussion: """
            Regenerate the committed copy with `gatehouse openapi > infra/openapi.json`. The defaults are those of \
            an unconfigured deployment, whatever the environment says, so the output is reproducible.
            """)

    @Option(help: "The issuer, the document's server URL (default: GATEHOUSE_ISSUER's default).") var issuer: String?
    @Option(help: "The session cookie name (default: GATEHOUSE_COOKIE_NAME's default).") var cookieName: String?
    @Flag(help: "Print the README's route table (Markdown) instead.") var markdownRoutes = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if markdownRoutes && output.json { throw ValidationError("--markdown-routes prints Markdown, not JSON") }
    }

    func run() throws {
        if markdownRoutes {
            print(RouteTableMarkdown.render(), terminator: "")
            return
        }
        var environment: [String: String] = [:]
        if let issuer { environment["GATEHOUSE_ISSUER"] = issuer }
        if let cookieName { environment["GATEHOUSE_COOKIE_NAME"] = cookieName }
        let configuration = try configured { () throws(ConfigurationError) in
            try Configuration(environment: environment, requireSigningKeys: false)
        }
        print(OpenAPIDocument.document(configuration).prettyJSONText)
    }
}
