/// The pure rules of the proof routes.
public enum ProofPolicy {
    /// Refuses every principal but an agent authenticated by its agent key (403 `forbidden`,
    /// `details.reason` `agent_key_required`): `/v1/agents/me/proof` speaks for the agent itself.
    public static func requireAgent(_ principal: Principal) throws(GatehouseError) {
        guard principal.credentialType == .agentKey, principal.subjectType == .agent else {
            throw GatehouseError.forbidden(
                "This route needs an agent key (x-agent-key)", reason: "agent_key_required")
        }
    }
}
