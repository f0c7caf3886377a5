import GatehouseCore

// An API Gateway REQUEST authorizer event is one more kind of event FunctionMain recognises.
FunctionMain.run(.verify, handlers: VerifyRoutes.handlers)
