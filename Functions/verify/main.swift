import GatehouseCore

// One event on standard input: an API Gateway Lambda REQUEST authorizer event gets the simple
// response; every other invocation is served by FunctionMain like every function.
let routes = RouteTable(functions: [.verify], handlers: VerifyRoutes.handlers)
VerifyAuthorizer.serveStandardInputEvent(routes, function: .verify)
FunctionMain.run(routes, function: .verify)
