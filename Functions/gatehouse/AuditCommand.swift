import ArgumentParser
import GatehouseCore

#if canImport(Glibc)
    import Glibc
#endif

/// `gatehouse audit forward`: drains a tenant's audit stream to a webhook with Standard Webhooks
/// signatures, at least once, through a consumer group.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read and forward the audit log.", subcommands: [Forward.self, Secret.self])

    struct Forward: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forward audit records to a webhook (Standard Webhooks signatures, at least once).",
            discussion: """
                Records are acknowledged only after the webhook answers 2xx; failed ones are retried after \
                --retry-after-ms. Several forwarders with different --consumer names share the work.
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant whose stream to drain.") var tenant: String
        @Option(help: "The webhook URL.") var webhook: String
        @Option(help: "The whsec_… signing secret (or GATEHOUSE_AUDIT_WEBHOOK_SECRET).") var secret: String?
        @Option(help: "Consumer group name.") var group: String = "webhook"
        @Option(help: "This forwarder's consumer name.") var consumer: String = "forwarder"
        @Option(help: "Retry a failed record after this many ms.") var retryAfterMs: Int64 = 30_000
        @Flag(help: "Forward what is there and exit (else run until killed).") var once = false

        func run() throws {
            guard let text = secret ?? SystemAccess.environment()["GATEHOUSE_AUDIT_WEBHOOK_SECRET"],
                let signer = StandardWebhooks(secret: text)
            else { throw ValidationError("--secret must be whsec_ followed by base64 of 24 to 64 bytes") }
            guard webhook.hasPrefix("https://") || webhook.hasPrefix("http://") else {
                throw ValidationError("--webhook must be an http(s) URL")
            }
            let store = try store.store()
            let forwarder = AuditForwarder(
                redis: store.redisClient, tenant: tenant, signer: signer, group: group, consumer: consumer,
                retryAfterMilliseconds: retryAfterMs)
            try performing { try forwarder.ensureGroup() }
            repeat {
                let (delivered, failed) = try performing {
                    try forwarder.forwardOnce { body, headers in
                        let request = OutboundRequest(
                            url: webhook, headers: headers.map { (name: $0.0, value: $0.1) }, body: body,
                            timeoutMilliseconds: 10_000)
                        return ((try? HTTPClient.post(request))?.status).map { (200..<300).contains($0) } ?? false
                    }
                }
                if delivered + failed > 0 { print("delivered \(delivered), failed \(failed)") }
                if once { break }
                if delivered == 0 { sleep(1) }
            } while true
        }
    }

    struct Secret: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new whsec_ webhook secret.")
        func run() { print(StandardWebhooks.generateSecret()) }
    }
}
