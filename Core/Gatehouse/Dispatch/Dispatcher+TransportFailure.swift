extension Dispatcher {
    /// The answer to a request its transport could not read (a bad `CONTENT_LENGTH`, a malformed
    /// event, a body over the limit): the error envelope under the request id the transport minted,
    /// and a log line carrying that id, so every answer can be found in the log.
    public func refuse(_ error: GatehouseError, requestID: String, transport: String) -> APIResponse {
        var logger = self.logger
        logger[metadataKey: "request_id"] = .string(requestID)
        logger.warning(
            "request refused by the transport",
            metadata: [
                "transport": .string(transport), "status": .stringConvertible(error.status),
                "error_code": .string(error.code),
            ])
        var response = ErrorEnvelope.response(for: error, requestID: requestID)
        response.headers.set("X-Request-Id", requestID)
        return response
    }
}
