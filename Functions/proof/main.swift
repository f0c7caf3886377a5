import GatehouseCore

FunctionMain.run(.proof, handlers: ProofRoutes.handlers)
