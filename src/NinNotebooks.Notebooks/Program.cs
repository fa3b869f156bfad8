using NinNotebooks.Notebooks;

return NotebooksApp.Run(args, Console.Out, Console.Error);
