extension Authenticator {
    /// An access token of an OAuth grant (`client_id` other than Gatehouse's own, with a `sid`)
    /// is refused once its grant ended or its client was deleted in the tenant: one pipelined
    /// round trip (``OAuthGrantRevocation/isRevoked(session:clientID:tenant:issuedAt:redis:)``).
    /// Tokens of Gatehouse's own sign-in cost no I/O.
    static func refuseEndedGrant(claims: JSONObject, principal: Principal, redis: RedisClient) throws {
        guard let client = claims["client_id"]?.stringValue, client != SessionStore.firstPartyClient,
            let session = claims["sid"]?.stringValue
        else { return }
        guard Identifier.isObjectID(session),
            try !OAuthGrantRevocation.isRevoked(
                session: session, clientID: client, tenant: principal.tenantID,
                issuedAt: claims["iat"]?.integerValue ?? 0, redis: redis)
        else {
            throw AuthenticationFailure(
                error: .authentication("The access token's grant was revoked"), credentialType: .accessToken,
                tenant: principal.tenantID, keyID: client)
        }
    }
}
