import GatehouseCore

// One event on standard input: an API Gateway Lambda REQUEST authorizer event gets the simple
// response; every other invocation is served by FunctionMain like every function.
VerifyAuthorizer.serveStandardInputEvent(VerifyRoutes.table, function: "verify")
FunctionMain.run(VerifyRoutes.table, function: "verify")
