import Testing

@testable import GatehouseCore

@Suite("Rest path parameters")
struct RestParameterTests {
    static func route(_ pattern: String) -> Route {
        Route("GET", pattern, function: "jwks") { _, _ in APIResponse(status: 204) }
    }

    @Test("a {name+} parameter takes one or more segments, decoded and joined with /")
    func restTakesSegments() {
        let route = Self.route("/.well-known/oauth-protected-resource/{resource_path+}")
        #expect(route.match(pathSegments: ["", ".well-known", "oauth-protected-resource"].dropFirst().map { $0 }) == nil)
        #expect(
            route.match(pathSegments: [".well-known", "oauth-protected-resource", "mcp"])
                == ["resource_path": "mcp"])
        #expect(
            route.match(pathSegments: [".well-known", "oauth-protected-resource", "api", "v%201", "mcp"])
                == ["resource_path": "api/v 1/mcp"])
        #expect(route.match(pathSegments: [".well-known", "oauth-protected-resource", "bad%zz"]) == nil)
    }

    @Test("patterns split into literal, parameter and rest segments; empty segments are dropped")
    func patternSegments() {
        #expect(
            Route.segments(of: "/v1/{org}//user/{rest+}/")
                == [.literal("v1"), .parameter("org"), .literal("user"), .rest("rest")])
        #expect(Route.segments(of: "/{/}/{}/x{y}") == [.literal("{"), .literal("}"), .parameter(""), .literal("x{y}")])
        #expect(Route.segments(of: "/é/{名}") == [.literal("é"), .parameter("名")])
        #expect(Route.segments(of: "/").isEmpty)
    }

    @Test("overlap and ownership by path account for rest parameters")
    func overlapAndOwnership() {
        let rest = RouteDescription(.jwks, "GET", "/a/{rest+}", .jwks, "rest")
        let fixed = RouteDescription(.jwks, "GET", "/a/b/c", .jwks, "fixed")
        let short = RouteDescription(.jwks, "GET", "/a", .jwks, "short")
        #expect(rest.overlaps(fixed) && fixed.overlaps(rest))
        #expect(!rest.overlaps(short) && !short.overlaps(rest))
        #expect(rest.fits(["a", "x", "y"]) && !rest.fits(["a"]))
        #expect(rest.pathParameters == ["rest"])
    }
}

@Suite("OAuth resource identifiers")
struct OAuthResourceTests {
    @Test("resources are canonicalised: lower-case scheme and host, no default port, no trailing slash")
    func canonicalForm() {
        #expect(OAuthResource(canonicalizing: "HTTPS://MCP.Example.com:443/mcp/")?.uri == "https://mcp.example.com/mcp")
        #expect(OAuthResource(canonicalizing: "https://mcp.example.com")?.metadataURL
            == "https://mcp.example.com/.well-known/oauth-protected-resource")
        #expect(OAuthResource(canonicalizing: "https://mcp.example.com/api/mcp")?.metadataURL
            == "https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp")
        #expect(OAuthResource(canonicalizing: "http://127.0.0.1:9000/mcp")?.uri == "http://127.0.0.1:9000/mcp")
    }

    @Test("fragments, queries, userinfo, dot segments and plain http to a public host are refused")
    func refused() {
        for text in [
            "https://mcp.example.com/mcp#x", "https://mcp.example.com/mcp?a=b", "https://user@mcp.example.com/",
            "http://mcp.example.com/mcp", "https://mcp.example.com/../x", "ftp://mcp.example.com", "mcp.example.com",
            "https:///mcp", "https://mcp.example.com/a b",
        ] {
            #expect(OAuthResource(canonicalizing: text) == nil, "\(text)")
        }
    }
}
