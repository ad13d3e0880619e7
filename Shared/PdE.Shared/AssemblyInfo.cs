[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("PdE.Shared.Tests")]
