using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace WebhookConsole.Data.KeyRing;

/// <summary>
/// The key table as Data Protection sees it: its own keys only. The at-rest data key is stored in the same table, and Data
/// Protection would otherwise warn about an unknown element at every key ring load.
/// </summary>
internal sealed class KeyRingRepository(IXmlRepository inner) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        inner.GetAllElements().Where(e => e.Name.Namespace != AtRestKeyStore.Namespace).ToList();

    public void StoreElement(XElement element, string friendlyName) => inner.StoreElement(element, friendlyName);
}
