/// A request handler: pure with respect to transport; it reads the request and the context and
/// returns a response or throws (a ``GatehouseError`` for anything the caller did wrong).
public typealias RouteHandler = @Sendable (APIRequest, HandlerContext) throws -> APIResponse
