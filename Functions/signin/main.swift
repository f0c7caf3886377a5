import GatehouseCore

FunctionMain.run(.signin, handlers: SigninRoutes.handlers)
