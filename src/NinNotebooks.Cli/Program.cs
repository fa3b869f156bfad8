using NinNotebooks.Cli;

return NinApp.Run(args, Console.Out, Console.Error);
