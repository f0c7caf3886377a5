public import Logging

/// Delivers codes the way the configuration says (SPEC §4): a signed JSON webhook, a Twilio-style
/// form, or the log (local and test mode only). Network senders try twice: a transport failure or
/// a 5xx answer is retried once; any other non-2xx answer is final.
public struct OTPSender: Sendable {
    /// The configured channel.
    public let configuration: OTPSenderConfiguration

    /// A sender for a configuration.
    public init(_ configuration: OTPSenderConfiguration) { self.configuration = configuration }

    /// Delivers a message or throws; `now` is Unix milliseconds (the webhook timestamp).
    public func deliver(_ message: OTPMessage, now: Int64, logger: Logger) throws(DeliveryError) {
        switch configuration {
        case .log:
            // Local and test mode only (refused at start-up otherwise): the one place a code is logged.
            logger.notice(
                "otp code (log sender)", metadata: ["phone": .string(message.phone), "otp_code": .string(message.code)])
        case .webhook(let url, let signer, let timeout):
            let body = JSONValue.object([
                "type": "otp.send", "phone": .string(message.phone), "code": .string(message.code),
                "message": .string(message.text), "expires_in": .integer(Int64(message.expiresIn)),
            ]).serialized()
            let id = "msg_" + Base62.random(count: 24)
            let headers =
                [("Content-Type", "application/json")]
                + signer.headers(id: id, timestamp: now / 1000, body: body).map { (name: $0.0, value: $0.1) }
            try send(OutboundRequest(url: url, headers: headers, body: body, timeoutMilliseconds: timeout), logger)
        case .form(let url, let username, let password, let from, let timeout):
            let body = Array(
                FormURLEncoded.encode([("To", message.phone), ("From", from), ("Body", message.text)]).utf8)
            let request = OutboundRequest(
                url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body,
                basicAuthentication: (username, password), timeoutMilliseconds: timeout)
            try send(request, logger)
        }
    }

    private func send(_ request: OutboundRequest, _ logger: Logger) throws(DeliveryError) {
        var lastProblem = ""
        for attempt in 1...2 {
            do {
                let response = try OutboundHTTP.post(request)
                if (200..<300).contains(response.status) { return }
                lastProblem = "the receiver answered \(response.status)"
                logger.warning(
                    "otp delivery refused",
                    metadata: [
                        "sender": .string(configuration.name), "status": .stringConvertible(response.status),
                        "attempt": .stringConvertible(attempt),
                    ])
                if response.status < 500 { break }
            } catch {
                lastProblem = error.description
                logger.warning(
                    "otp delivery failed",
                    metadata: [
                        "sender": .string(configuration.name), "error": .string(error.description),
                        "attempt": .stringConvertible(attempt),
                    ])
            }
        }
        throw DeliveryError(description: lastProblem)
    }
}
