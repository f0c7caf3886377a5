import GatehouseCore

FunctionMain.run(.otp, handlers: OTPRoutes.handlers)
