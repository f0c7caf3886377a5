/// The name of every operation Gatehouse serves; a route handler is registered under its
/// operation, and ``RouteCatalog`` says where the operation is served.
public enum Operation: String, CaseIterable, Sendable {
    // signin
    case signinWithAPIKey, tokenExchange, tenantTokenExchange
    // oauth
    case oauthToken
    case oauthRegister, listOAuthClients, deleteOAuthClient, oauthRevoke, oauthAuthorize, oauthAuthorizeForm
    // otp
    case sendOTP, verifyOTP, logout, session, adminSession, adminListTenants
    // refresh
    case refresh, sessionToken
    // rotate
    case rotateKey, rotateAgentKey, regenerateSlot, listSlots
    // proof
    case proof, agentProof
    // keys
    case createKey, listKeys, getKey, revokeKey, createOwner, createAgent, listAgents, getAgent, deleteAgent, createApp
    case listApps, createUser, listUsers, getUser, listTenantUsers, updateUser, disableUser, listAudit
    // verify
    case verify, verifyPost, introspect
    // jwks
    case jwks, openIDConfiguration, authorizationServerMetadata, openAPIDocument
    case authorizationServerMetadataPath, protectedResourceMetadata, protectedResourceMetadataPath
    // console
    case consoleHome, consoleSignIn, consoleSignInForm, consoleLogout, consoleKeys, consoleCreateKey
    case consoleRotateKey, consoleRevokeKey, consoleSlots, consoleRegenerateSlot, consoleAudit
    case consoleAgents, consoleCreateAgent, consoleRotateAgentKey, consoleDeleteAgent, consoleOAuthClients
    case consoleDeleteOAuthClient, consoleUsers, consoleCreateUser, consoleChangeRole, consoleDisableUser
    case consoleTenants
}
