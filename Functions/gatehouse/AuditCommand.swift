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
                --retry-after-ms. Several forwarders with different --consumer names share the work. The signing \
                secret comes from GATEHOUSE_AUDIT_WEBHOOK_SECRET or the file GATEHOUSE_AUDIT_WEBHOOK_SECRET_FILE \
                names (never from the command line, where `ps` would show it). With --once, any record that \
                could not be delivered makes the command fail (exit 1) naming why.
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant whose stream to drain.") var tenant: String
        @Option(help: "The webhook URL.") var webhook: String
        @Option(help: "Consumer group name.") var group: String = "webhook"
        @Option(help: "This forwarder's consumer name.") var consumer: String = "forwarder"
        @Option(help: "Retry a failed record after this many ms.") var retryAfterMs: Int64 = 30_000
        @Flag(help: "Forward what is there and exit (else run until killed).") var once = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard webhook.hasPrefix("https://") || webhook.hasPrefix("http://") else {
                throw ValidationError("--webhook must be an http(s) URL")
            }
        }

        func run() throws {
            let signer = try Self.signer()
            let store = try store.store()
            let forwarder = AuditForwarder(
                redis: store.redisClient, tenant: tenant, signer: signer, group: group, consumer: consumer,
                retryAfterMilliseconds: retryAfterMs)
            try performing { try forwarder.ensureGroup() }
            repeat {
                var lastFailure: String?
                let (delivered, failed) = try performing {
                    try forwarder.forwardOnce { body, headers in
                        let request = OutboundRequest(
                            url: webhook, headers: headers.map { (name: $0.0, value: $0.1) }, body: body,
                            timeoutMilliseconds: 10_000)
                        do {
                            let status = try OutboundHTTP.post(request).status
                            if (200..<300).contains(status) { return true }
                            lastFailure = "the webhook answered \(status)"
                        } catch {
                            lastFailure = "\(error)"
                        }
                        return false
                    }
                }
                if delivered + failed > 0 || once {
                    output.emit(
                        ["delivered": .integer(Int64(delivered)), "failed": .integer(Int64(failed))],
                        text: "delivered \(delivered), failed \(failed)")
                }
                if once {
                    if failed > 0 {
                        throw CommandFailure(
                            message: "\(failed) record(s) not delivered: \(lastFailure ?? "unknown failure")",
                            code: "delivery_failed")
                    }
                    break
                }
                if delivered == 0 { sleep(1) }
            } while true
        }

        /// The signer for the secret in the environment or its file; a configuration failure when
        /// neither holds a valid `whsec_` secret.
        static func signer() throws -> StandardWebhooks {
            let environment = SystemAccess.environment()
            var text = environment["GATEHOUSE_AUDIT_WEBHOOK_SECRET"]
            if text == nil, let path = environment["GATEHOUSE_AUDIT_WEBHOOK_SECRET_FILE"] {
                guard let bytes = SystemAccess.readFile(path) else {
                    throw CommandFailure(configuration: "GATEHOUSE_AUDIT_WEBHOOK_SECRET_FILE: cannot read \(path)")
                }
                text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " \n\r\t")
            }
            guard let text else {
                throw CommandFailure(
                    configuration: "GATEHOUSE_AUDIT_WEBHOOK_SECRET (or GATEHOUSE_AUDIT_WEBHOOK_SECRET_FILE) is not set")
            }
            guard let signer = StandardWebhooks(secret: text) else {
                throw CommandFailure(
                    configuration: "GATEHOUSE_AUDIT_WEBHOOK_SECRET must be whsec_ followed by base64 of 24 to 64 bytes")
            }
            return signer
        }
    }

    struct Secret: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new whsec_ webhook secret.")
        @OptionGroup var output: OutputOptions

        func run() {
            let secret = StandardWebhooks.generateSecret()
            output.emit(["secret": .string(secret)], text: secret)
        }
    }
}

extension String {
    /// The string without leading and trailing characters of `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var characters = Substring(self)
        while let first = characters.first, set.contains(first) { characters.removeFirst() }
        while let last = characters.last, set.contains(last) { characters.removeLast() }
        return String(characters)
    }
}
