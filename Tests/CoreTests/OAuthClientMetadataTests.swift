import Testing

@testable import GatehouseCore

@Suite("OAuthClientMetadata: RFC 7591 registration metadata and client ID metadata documents")
struct OAuthClientMetadataTests {
    func parse(_ text: String, _ source: OAuthClientMetadata.Source = .registration) throws -> OAuthClientMetadata {
        try OAuthClientMetadata.parse(body: Array(text.utf8), source: source)
    }

    func refusal(_ text: String, _ source: OAuthClientMetadata.Source = .registration) -> String? {
        do {
            _ = try parse(text, source)
            return nil
        } catch let error as GatehouseError {
            return error.oauthCode
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("seed 003's example: a web client, client_secret_basic by RFC 7591's default")
    func seed003() throws {
        let metadata = try parse(
            #"{"client_name": "My desktop integration", "redirect_uris": ["https://myapp.example/oauth/callback"]}"#)
        #expect(metadata.name == "My desktop integration")
        #expect(metadata.redirectURIs == ["https://myapp.example/oauth/callback"])
        #expect(metadata.authMethod == .clientSecretBasic && metadata.applicationType == .web)
    }

    @Test("an MCP client's public registration: none, both grants, code, a scope; unknown fields ignored")
    func mcpClient() throws {
        let metadata = try parse(
            #"{"client_name":"Claude Code","redirect_uris":["http://localhost/callback"],"#
                + #""token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"],"#
                + #""response_types":["code"],"scope":"data:read pages:read","logo_uri":"https://x/l.png","contacts":[]}"#)
        #expect(metadata.authMethod == .none)
        #expect(metadata.scope?.description == "data:read pages:read")
    }

    @Test(
        "bad fields are invalid_client_metadata",
        arguments: [
            #"{"redirect_uris":["https://a.example/cb"],"grant_types":["implicit"]}"#,
            #"{"redirect_uris":["https://a.example/cb"],"grant_types":["password"]}"#,
            #"{"redirect_uris":["https://a.example/cb"],"grant_types":[]}"#,
            #"{"redirect_uris":["https://a.example/cb"],"response_types":["token"]}"#,
            #"{"redirect_uris":["https://a.example/cb"],"application_type":"desktop"}"#,
            #"{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt"}"#,
            #"{"redirect_uris":["https://a.example/cb"],"scope":"not a scope!"}"#,
            #"{"redirect_uris":["https://a.example/cb"],"scope":7}"#,
            #"{"redirect_uris":["https://a.example/cb"],"client_name":"bell\u0007"}"#,
            #"{"redirect_uris":["https://a.example/cb"],"client_uri":"javascript:alert(1)"}"#,
            #"["https://a.example/cb"]"#, #"{"redirect_uris":"#, "",
        ])
    func invalidMetadata(text: String) {
        #expect(refusal(text) == "invalid_client_metadata", "\(text)")
    }

    @Test("a client_name over 100 characters is invalid_client_metadata; 100 are fine")
    func nameLength() throws {
        let long = String(repeating: "é", count: 101)
        #expect(refusal(#"{"redirect_uris":["https://a.example/cb"],"client_name":"\#(long)"}"#) == "invalid_client_metadata")
        #expect(try parse(#"{"redirect_uris":["https://a.example/cb"],"client_name":"\#(long.dropLast())"}"#).name.count == 100)
    }

    @Test(
        "missing, empty, too many or bad redirect URIs are invalid_redirect_uri",
        arguments: [
            #"{"client_name":"x"}"#, #"{"redirect_uris":[]}"#, #"{"redirect_uris":"https://a.example/cb"}"#,
            #"{"redirect_uris":[7]}"#, #"{"redirect_uris":["javascript:alert(1)"]}"#,
            #"{"redirect_uris":["http://evil.example/cb"]}"#, #"{"redirect_uris":["com.example.app:/cb"]}"#,
            #"{"redirect_uris":["https://a.example/"# + String(repeating: "p", count: 500) + #""]}"#,
            #"{"redirect_uris":["# + (0...10).map { #""https://a.example/\#($0)""# }.joined(separator: ",") + "]}",
        ])
    func invalidRedirect(text: String) {
        #expect(refusal(text) == "invalid_redirect_uri", "\(text.prefix(80))")
    }

    @Test("ten redirect URIs are fine, and a native client may use a private-use scheme")
    func limits() throws {
        let ten = #"{"redirect_uris":["# + (0..<10).map { #""https://a.example/\#($0)""# }.joined(separator: ",") + "]}"
        #expect(try parse(ten).redirectURIs.count == 10)
        #expect(try parse(#"{"redirect_uris":["com.example.app:/cb"],"application_type":"native"}"#).applicationType == .native)
    }

    @Test("a body over 8 KiB is invalid_client_metadata, whatever it holds")
    func oversized() {
        let padding = String(repeating: "x", count: 8 * 1024)
        #expect(refusal(#"{"redirect_uris":["https://a.example/cb"],"software_id":"\#(padding)"}"#) == "invalid_client_metadata")
    }

    @Test("a metadata document: client_id must equal its URL, it is public, and secrets are refused")
    func document() throws {
        let url = "https://app.example/client.json"
        let source = OAuthClientMetadata.Source.document(url: url)
        let good = #"{"client_id":"\#(url)","client_name":"App","redirect_uris":["http://127.0.0.1/cb"]}"#
        #expect(try parse(good, source).authMethod == .none)
        #expect(refusal(#"{"client_id":"https://evil.example/client.json","redirect_uris":["https://a.example/cb"]}"#, source) == "invalid_client_metadata")
        #expect(refusal(#"{"redirect_uris":["https://a.example/cb"]}"#, source) == "invalid_client_metadata")
        for method in ["private_key_jwt", "client_secret_basic", "client_secret_post"] {
            let text = #"{"client_id":"\#(url)","redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"\#(method)"}"#
            #expect(refusal(text, source) == "invalid_client_metadata", "\(method)")
        }
    }

    @Test("a metadata document becomes a metadata_document client; over 5 KB is refused")
    func documentClient() throws {
        let url = "https://app.example/client.json"
        let client = try OAuthMetadataDocument.parse(
            Array(#"{"client_id":"\#(url)","client_name":"App","redirect_uris":["https://app.example/cb"]}"#.utf8),
            url: url)
        #expect(client.id == url && client.origin == .metadataDocument && client.isSelfRegistered)
        #expect(client.authMethod == .none && client.tenant == nil)
        let big = #"{"client_id":"\#(url)","redirect_uris":["https://app.example/cb"],"x":"\#(String(repeating: "x", count: 5200))"}"#
        #expect(throws: GatehouseError.self) { try OAuthMetadataDocument.parse(Array(big.utf8), url: url) }
    }

    @Test("document ids: https URLs with a path; http only to loopback outside production")
    func documentIDs() {
        #expect(OAuthMetadataDocument.isDocumentID("https://app.example/client.json", mode: .production))
        #expect(!OAuthMetadataDocument.isDocumentID("https://app.example", mode: .production))
        #expect(!OAuthMetadataDocument.isDocumentID("https://app.example/", mode: .production))
        #expect(!OAuthMetadataDocument.isDocumentID("https://u@app.example/c", mode: .production))
        #expect(!OAuthMetadataDocument.isDocumentID("http://127.0.0.1:9/c", mode: .production))
        #expect(OAuthMetadataDocument.isDocumentID("http://127.0.0.1:9/c", mode: .test))
        #expect(!OAuthMetadataDocument.isDocumentID("http://app.example/c", mode: .test))
        #expect(!OAuthMetadataDocument.isDocumentID("mcp_abc", mode: .test))
    }
}
