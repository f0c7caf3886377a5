import Foundation
import GatehouseCore
import Testing

@Suite("OpenAPI document and README route table, generated from the catalog")
struct OpenAPIDocumentTests {
    /// The repository's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let document = OpenAPIDocument.defaultDocument

    @Test("every operation of the catalog has a documentation entry")
    func everyOperationIsDocumented() {
        let missing = OpenAPIDocument.undocumented.map { "\($0.operation.rawValue) (\($0.method) \($0.pattern))" }
        let file = "Core/Gatehouse/OpenAPI/RouteDocumentation+Entries.swift"
        #expect(
            missing.isEmpty,
            "add an entry to RouteDocumentation.entries (\(file)) for: \(missing.joined(separator: ", "))")
    }

    @Test("every documentation entry is of an operation the catalog serves")
    func noStrayEntries() {
        let served = Set(RouteCatalog.routes.map(\.operation))
        let stray = RouteDocumentation.entries.keys.filter { !served.contains($0) }.map(\.rawValue)
        #expect(stray.isEmpty, "documented but not in RouteCatalog.routes: \(stray)")
    }

    @Test("every route is in the document under its path and method, with its operationId and a success")
    func everyRouteIsInTheDocument() throws {
        for route in RouteCatalog.routes {
            let operation = try #require(
                document["paths"]?[route.openAPIPath]?[route.method.lowercased()],
                "\(route.method) \(route.pattern) missing")
            #expect(operation["operationId"] == .string(route.operation.rawValue))
            let statuses = operation["responses"]?.objectValue?.names ?? []
            // The authorization pages' forms succeed with a 303 (to the next page or the client).
            #expect(
                statuses.contains { $0.hasPrefix("2") || $0 == "303" }, "\(route.operation.rawValue) documents no success")
            #expect(
                statuses.contains("400"), "\(route.operation.rawValue): a credential in the query is a 400 everywhere")
        }
    }

    @Test("path parameters are declared for every {name} of a pattern")
    func pathParameters() {
        for route in RouteCatalog.routes where !route.pathParameters.isEmpty {
            let declared = document["paths"]?[route.openAPIPath]?["parameters"]?.arrayValue?.compactMap {
                $0["name"]?.stringValue
            }
            #expect(declared == route.pathParameters, "\(route.pattern)")
        }
    }

    @Test("query parameters the handlers read are documented")
    func queryParameters() {
        func queryNames(_ path: String, _ method: String) -> [String] {
            (document["paths"]?[path]?[method]?["parameters"]?.arrayValue ?? [])
                .filter { $0["in"] == "query" }.compactMap { $0["name"]?.stringValue }
        }
        #expect(queryNames("/v1/verify", "get") == ["scope", "resource"])
        #expect(queryNames("/v1/verify", "post") == ["scope", "resource"])
        #expect(queryNames("/v1/audit", "get") == ["since", "limit"])
    }

    @Test("authenticated routes accept every credential of SPEC §3, admin-only ones the session only; open routes that read one say which")
    func security() throws {
        for route in RouteCatalog.routes {
            let operation = try #require(document["paths"]?[route.openAPIPath]?[route.method.lowercased()])
            let schemes = Set((operation["security"]?.arrayValue ?? []).flatMap { $0.objectValue?.names ?? [] })
            if case .open = route.access {
                let own = RouteDocumentation.of(route.operation)?.credentials ?? []
                #expect(schemes == Set(own.flatMap { $0.map(\.rawValue) }), "\(route.operation.rawValue)")
            } else if case .platformAdmin = route.access {
                // Admin-only routes: an administrator's session, nothing else (SPEC §4 otp).
                #expect(schemes == ["session"], "\(route.operation.rawValue): \(schemes)")
                let refused = if case .page = route.errorStyle { "303" } else { "401" }
                #expect(operation["responses"]?[refused] != nil && operation["responses"]?["403"] != nil)
            } else {
                #expect(
                    schemes == ["bearer", "apiKey", "apiKeyID", "agentKey", "platformID", "platformSecret", "session"],
                    "\(route.operation.rawValue): \(schemes)")
                // A page route (the console) answers a refused credential with a 303 to its sign-in page.
                let refused = if case .page = route.errorStyle { "303" } else { "401" }
                #expect(operation["responses"]?[refused] != nil && operation["responses"]?["429"] != nil)
            }
        }
        let signin = try #require(document["paths"]?["/v1/{org}/user/signin_with_api_key"]?["post"])
        #expect(signin["security"]?.arrayValue?.contains(["apiKey": [], "apiKeyID": []]) == true)
        let logout = try #require(document["paths"]?["/v1/auth/logout"]?["post"])
        #expect(logout["security"]?.arrayValue?.contains([:]) == true, "logout works without a session")
        let cookie = document["components"]?["securitySchemes"]?["session"]
        #expect(cookie?["in"] == "cookie" && cookie?["name"] == "__Host-gh_session")
    }

    @Test("errors use the Gatehouse envelope, and the RFC 6749 form on OAuth routes")
    func errorEnvelopes() throws {
        for route in RouteCatalog.routes {
            let responses = try #require(
                document["paths"]?[route.openAPIPath]?[route.method.lowercased()]?["responses"]?.objectValue)
            let expected = route.errorStyle == .oauth ? "#/components/schemas/OAuthError" : "#/components/schemas/Error"
            for status in responses.names where status.hasPrefix("4") || status.hasPrefix("5") {
                let content = responses[status]?["content"]
                // An answer only an HTML page gives (the authorization pages) has no envelope.
                if content?["application/json"] != nil || content?["text/html"] == nil {
                    let ref = content?["application/json"]?["schema"]?["$ref"]
                    #expect(ref == .string(expected), "\(route.operation.rawValue) \(status)")
                }
                #expect(responses[status]?["headers"]?["X-Request-Id"]?["$ref"] == "#/components/headers/X-Request-Id")
            }
        }
    }

    @Test("mutating POSTs with a principal take Idempotency-Key and document its 409 and 422")
    func idempotency() throws {
        let create = try #require(document["paths"]?["/v1/api_keys"]?["post"])
        let names = create["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.contains("Idempotency-Key") && names.contains("X-App-Id"))
        #expect(create["responses"]?["409"] != nil && create["responses"]?["422"] != nil)
        #expect(create["responses"]?["201"]?["headers"]?["Idempotent-Replayed"] != nil)
        #expect(create["requestBody"]?["content"]?["application/json"]?["schema"]?["required"] == ["name", "scopes"])
        let verify = try #require(document["paths"]?["/v1/verify"]?["post"])
        #expect(!(verify["parameters"]?.arrayValue ?? []).contains { $0["name"] == "Idempotency-Key" })
    }

    @Test("the form bodies of the OAuth routes are documented as forms")
    func formBodies() {
        let token = document["paths"]?["/oauth/token"]?["post"]?["requestBody"]?["content"]
        #expect(token?["application/x-www-form-urlencoded"]?["schema"]?["required"] == ["grant_type"])
        let introspect = document["paths"]?["/oauth/introspect"]?["post"]?["requestBody"]?["content"]
        #expect(introspect?["application/x-www-form-urlencoded"] != nil)
    }

    @Test("the servers entry and the cookie name follow the configuration")
    func configured() throws {
        let configuration = try Configuration(
            environment: ["GATEHOUSE_ISSUER": "https://auth.example.com", "GATEHOUSE_COOKIE_NAME": "amrood_session"],
            requireSigningKeys: false)
        let document = OpenAPIDocument.document(configuration)
        #expect(document["servers"] == [["url": "https://auth.example.com"]])
        #expect(document["components"]?["securitySchemes"]?["session"]?["name"] == "amrood_session")
    }

    @Test("infra/openapi.json is the generated document (regenerate: swift run gatehouse openapi > infra/openapi.json)")
    func committedDocument() throws {
        let path = Self.root.appendingPathComponent("infra/openapi.json")
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(
            committed == document.prettyJSONText + "\n",
            Comment(
                rawValue: "infra/openapi.json differs from the generated document; "
                    + "run `swift run gatehouse openapi > infra/openapi.json`")
        )
    }

    @Test("README's route table is the catalog's (regenerate: swift run gatehouse openapi --markdown-routes)")
    func readmeRouteTable() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(
            RouteTableMarkdown.section(in: readme), "README.md lacks the generated route table's markers")
        #expect(
            section == RouteTableMarkdown.render(),
            Comment(
                rawValue: "README.md's route table differs from the catalog; "
                    + "replace it with `swift run gatehouse openapi --markdown-routes`")
        )
    }

    @Test("the pretty printer writes JSON that parses back to the same value")
    func prettyPrinting() throws {
        let value: JSONValue = ["a": [1, "two", ["b": nil, "c": []]], "d": [:], "e": "line\nbreak"]
        #expect(try JSONValue.parse(Array(value.prettyJSONText.utf8)) == value)
        #expect(value.prettyJSONText.contains("\n  \"a\": [\n    1,"))
    }
}
