extension Dispatcher {
    /// Whether answering a request may wait on Redis. False for what is decided without the store —
    /// discovery (the routes served in maintenance) and the verify authorizer with an access token
    /// (JWT-only, whose audit record can go to ``deferredAudit``) — and for requests that match no
    /// route. A warm server runs the two kinds on separate workers, so a Redis stall cannot queue
    /// the first behind the second.
    public func needsRedis(_ request: APIRequest) -> Bool {
        guard case .found(let route, _) = routes.match(method: request.method, path: request.path) else {
            return false
        }
        switch route.access {
        case .open:
            return !route.servedInMaintenance
        case .principal, .platformAdmin:
            return true
        case .authorizer:
            let presented = try? PresentedCredential.from(
                request.headers, sessionCookie: request.cookie(named: configuration.cookieName))
            guard case .accessToken = presented, deferredAudit != nil else { return true }
            return configuration.auditRequired  // its record must be written before it answers
        }
    }
}
