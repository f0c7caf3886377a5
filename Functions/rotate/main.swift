import GatehouseCore

FunctionMain.run(.rotate, handlers: RotateRoutes.handlers)
