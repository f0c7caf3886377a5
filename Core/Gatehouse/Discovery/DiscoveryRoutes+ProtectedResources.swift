extension DiscoveryRoutes {
    /// `GET /.well-known/oauth-authorization-server/{issuer_path+}` (RFC 8414 §3.1): the metadata
    /// at the path-inserted URL, when the issuer has exactly that path; 404 otherwise.
    static func pathInsertedMetadata(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let path = context.configuration.ownResource.path
        guard !path.isEmpty, "/" + (context.parameters["issuer_path"] ?? "") == path else {
            throw GatehouseError.notFound()
        }
        return try metadata(request, context)
    }

    /// `GET /.well-known/oauth-protected-resource`: Gatehouse's own API as a protected resource.
    static func ownResourceMetadata(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        resourceResponse(context.configuration.ownResource, context.configuration)
    }

    /// `GET /.well-known/oauth-protected-resource/{resource_path+}` (RFC 9728 §3.1): the metadata
    /// of the configured resource (or Gatehouse's own API) with that path, chosen by `Host` when
    /// several share it; 404 for any other path.
    static func resourceMetadata(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let configuration = context.configuration
        let path = "/" + (context.parameters["resource_path"] ?? "")
        let candidates = ([configuration.ownResource] + configuration.oauth.resources).filter { $0.path == path }
        let host = request.headers["host"].map { String($0).asciiLowercased }
        let chosen = candidates.count > 1
            ? candidates.first { resource in host.map { resource.origin.hasSuffix("://" + $0) } ?? false }
            : candidates.first
        guard let resource = chosen else { throw GatehouseError.notFound() }
        return resourceResponse(resource, configuration)
    }

    /// The RFC 9728 §2 document of a resource.
    public static func protectedResourceDocument(_ resource: OAuthResource, _ configuration: Configuration) -> JSONObject {
        let own = resource == configuration.ownResource
        return [
            "resource": .string(resource.uri),
            "authorization_servers": [.string(configuration.issuer)],
            "scopes_supported": scopesSupported,
            "bearer_methods_supported": ["header"],
            "resource_name": .string(own ? "Gatehouse API" : name(of: resource)),
        ]
    }

    /// A configured resource's display name: its host and path.
    static func name(of resource: OAuthResource) -> String {
        let origin = resource.origin.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init)
        return (origin ?? resource.origin) + resource.path
    }

    static func resourceResponse(_ resource: OAuthResource, _ configuration: Configuration) -> APIResponse {
        .json(
            200, .object(protectedResourceDocument(resource, configuration)),
            headers: ["Cache-Control": "public, max-age=300"])
    }
}
