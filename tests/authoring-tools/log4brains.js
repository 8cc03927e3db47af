// Drives log4brains' own API (@log4brains/core) for the twin-repository test:
//   node log4brains.js DIR new TITLE          prints the new record's slug
//   node log4brains.js DIR supersede OLD NEW  OLD superseded by NEW (slugs)
//   node log4brains.js DIR status SLUG VALUE  SLUG's `- Status:` set to VALUE, by log4brains' own
//                                             header writer (the one its supersede uses; log4brains
//                                             has no status command: a user edits that line)
//   node log4brains.js DIR list               the records as log4brains reads them, as JSON
const { Log4brains } = require("@log4brains/core");

async function main() {
  const [dir, command, ...args] = process.argv.slice(2);
  const l4b = Log4brains.create(dir);
  if (command === "new") {
    const slug = await l4b.generateAdrSlug(args[0]);
    await l4b.createAdrFromTemplate(slug, args[0]);
    console.log(slug);
  } else if (command === "supersede") {
    await l4b.supersedeAdr(args[0], args[1]);
  } else if (command === "status") {
    const adr = (await l4b.adrRepository.findAll()).find((a) => a.slug.value === args[0]);
    if (!adr) throw new Error(`no ADR ${args[0]}`);
    adr.body.setHeaderMetadata("Status", args[1]);
    await l4b.adrRepository.save(adr);
  } else if (command === "list") {
    const adrs = await l4b.searchAdrs();
    const rows = adrs.map((adr) => ({
      slug: adr.slug,
      title: adr.title,
      status: adr.status,
      supersededBy: adr.supersededBy,
      publicationDate: adr.publicationDate,
    }));
    console.log(JSON.stringify(rows, null, 2));
  } else {
    throw new Error(`unknown command ${command}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
