public import Logging

/// What send-otp leaves for after its answer (SPEC §4): the delivery of a stored code, and the
/// send's audit record. A registered and an unregistered number get the same answer at the same
/// time; only this work, which nobody waits for, differs. A failed delivery removes the code,
/// lifts the cooldown so the person may ask again at once, and is recorded as `delivery_failed`.
public struct OTPDelivery: Sendable {
    /// The message for a registered number; nil for an unknown one (nothing is sent).
    let message: OTPMessage?
    /// The stored code's digest, removed again when the delivery fails.
    let digest: String
    let sender: OTPSenderConfiguration
    /// The send's record; its outcome becomes `delivery_failed` when the delivery fails.
    let event: AuditEvent
    let logger: Logger

    /// The work for one send.
    public init(
        message: OTPMessage?, digest: String, sender: OTPSenderConfiguration, event: AuditEvent, logger: Logger
    ) {
        self.message = message
        self.digest = digest
        self.sender = sender
        self.event = event
        self.logger = logger
    }

    /// Delivers (for a registered number), then appends the record.
    public func run(redis: RedisClient) {
        var event = self.event
        if let message, !deliver(message, redis: redis) { event.outcome = .deliveryFailed }
        AuditLog.append(event, redis: redis, logger: logger)
    }

    /// Sends the code; on failure removes it and lifts the cooldown. Whether it went out.
    func deliver(_ message: OTPMessage, redis: RedisClient) -> Bool {
        do {
            try OTPSender(sender).deliver(message, now: event.time, logger: logger)
            return true
        } catch {
            logger.error("otp delivery failed", metadata: ["sender": .string(sender.name)])
            do {
                try OTPStore.discard(phone: message.phone, digest: digest, redis: redis)
            } catch {
                logger.error("could not discard an undelivered code", metadata: ["error": .string("\(error)")])
            }
            return false
        }
    }
}
