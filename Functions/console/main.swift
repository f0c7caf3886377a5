import GatehouseCore

FunctionMain.run(.console, handlers: ConsoleRoutes.handlers)
