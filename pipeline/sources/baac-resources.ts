// Download addresses of the BAAC files on data.gouv.fr, dataset "Bases de données annuelles des
// accidents corporels de la circulation routière" (Licence Ouverte).
import type { BaacKind } from "./baac-files.ts";

// NOTE: these addresses were collected from public projects that download the same files; this
// repository's machines cannot reach data.gouv.fr, so none was fetched here. data.gouv.fr keeps
// each resource at a dated path, and a republished file gets a new one: when a download returns
// 404, copy the new address from the dataset page.
const STATIC = "https://static.data.gouv.fr/resources";
const UNTIL_2018 = `${STATIC}/base-de-donnees-accidents-corporels-de-la-circulation`;
const ANNUAL =
  `${STATIC}/bases-de-donnees-annuelles-des-accidents-` + "corporels-de-la-circulation-routiere";

export const BAAC_RESOURCES: Readonly<Record<number, Readonly<Record<BaacKind, string>>>> = {
  2019: {
    caracteristiques: `${UNTIL_2018}/20201105-104400/caracteristiques-2019.csv`,
    lieux: `${UNTIL_2018}/20201105-104338/lieux-2019.csv`,
    vehicules: `${UNTIL_2018}/20201105-104310/vehicules-2019.csv`,
    usagers: `${UNTIL_2018}/20201105-104232/usagers-2019.csv`,
  },
  2020: {
    caracteristiques: `${ANNUAL}-annees-de-2005-a-2019/20211110-111202/caracteristiques-2020.csv`,
    lieux: `${ANNUAL}-annees-de-2005-a-2019/20211110-111603/lieux-2020.csv`,
    vehicules: `${ANNUAL}-annees-de-2005-a-2019/20211110-111722/vehicules-2020.csv`,
    usagers: `${ANNUAL}-annees-de-2005-a-2019/20211110-111817/usagers-2020.csv`,
  },
  2021: {
    caracteristiques: `${ANNUAL}-annees-de-2005-a-2020/20221024-113743/carcteristiques-2021.csv`,
    lieux: `${ANNUAL}-annees-de-2005-a-2020/20221024-113901/lieux-2021.csv`,
    vehicules: `${ANNUAL}-annees-de-2005-a-2020/20221024-113925/vehicules-2021.csv`,
    // Republished in 2023 under the next edition of the dataset.
    usagers: `${ANNUAL}-annees-de-2005-a-2022/20231009-140337/usagers-2021.csv`,
  },
  2022: {
    caracteristiques: `${ANNUAL}-annees-de-2005-a-2021/20231005-093927/carcteristiques-2022.csv`,
    lieux: `${ANNUAL}-annees-de-2005-a-2021/20231005-094112/lieux-2022.csv`,
    vehicules: `${ANNUAL}-annees-de-2005-a-2021/20231005-094147/vehicules-2022.csv`,
    usagers: `${ANNUAL}-annees-de-2005-a-2021/20231005-094229/usagers-2022.csv`,
  },
  2023: {
    caracteristiques: `${ANNUAL}-annees-de-2005-a-2023/20241028-103125/caract-2023.csv`,
    lieux: `${ANNUAL}-annees-de-2005-a-2023/20241023-153219/lieux-2023.csv`,
    vehicules: `${ANNUAL}-annees-de-2005-a-2023/20241023-153253/vehicules-2023.csv`,
    usagers: `${ANNUAL}-annees-de-2005-a-2023/20241023-153328/usagers-2023.csv`,
  },
  2024: {
    caracteristiques: `${ANNUAL}-annees-de-2005-a-2024/20251021-115900/caract-2024.csv`,
    lieux: `${ANNUAL}-annees-de-2005-a-2024/20251021-115812/lieux-2024.csv`,
    vehicules: `${ANNUAL}-annees-de-2005-a-2024/20251107-100240/vehicules-2024.csv`,
    usagers: `${ANNUAL}-annees-de-2005-a-2024/20251021-115506/usagers-2024.csv`,
  },
};

/** Returns the address of one year's table, or undefined for a year this module does not list. */
export function baacResourceUrl(year: number, kind: BaacKind): string | undefined {
  return BAAC_RESOURCES[year]?.[kind];
}
