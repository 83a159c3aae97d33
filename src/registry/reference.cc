#include "registry/reference.h"

namespace rx::registry {
namespace {

constexpr District kDistricts[] = {
    {"310101", "黄浦区", "Huangpu"},
    {"310104", "徐汇区", "Xuhui"},
    {"310105", "长宁区", "Changning"},
    {"310106", "静安区", "Jing'an"},
    {"310107", "普陀区", "Putuo"},
    {"310109", "虹口区", "Hongkou"},
    {"310110", "杨浦区", "Yangpu"},
    {"310112", "闵行区", "Minhang"},
    {"310113", "宝山区", "Baoshan"},
    {"310114", "嘉定区", "Jiading"},
    {"310115", "浦东新区", "Pudong New Area"},
    {"310116", "金山区", "Jinshan"},
    {"310117", "松江区", "Songjiang"},
    {"310118", "青浦区", "Qingpu"},
    {"310120", "奉贤区", "Fengxian"},
    {"310151", "崇明区", "Chongming"},
    {"other", "其他", "Other"},
};

constexpr IndustrySection kSections[] = {
    {'A', 1, 5, "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"},
    {'B', 6, 12, "采矿业", "Mining"},
    {'C', 13, 43, "制造业", "Manufacturing"},
    {'D', 44, 46, "电力、热力、燃气及水生产和供应业",
     "Production and supply of electricity, heat, gas and water"},
    {'E', 47, 50, "建筑业", "Construction"},
    {'F', 51, 52, "批发和零售业", "Wholesale and retail trade"},
    {'G', 53, 60, "交通运输、仓储和邮政业", "Transport, storage and postal services"},
    {'H', 61, 62, "住宿和餐饮业", "Accommodation and catering"},
    {'I', 63, 65, "信息传输、软件和信息技术服务业",
     "Information transmission, software and IT services"},
    {'J', 66, 69, "金融业", "Finance"},
    {'K', 70, 70, "房地产业", "Real estate"},
    {'L', 71, 72, "租赁和商务服务业", "Leasing and business services"},
    {'M', 73, 75, "科学研究和技术服务业", "Scientific research and technical services"},
    {'N', 76, 79, "水利、环境和公共设施管理业",
     "Water conservancy, environment and public facilities management"},
    {'O', 80, 82, "居民服务、修理和其他服务业", "Resident services, repair and other services"},
    {'P', 83, 83, "教育", "Education"},
    {'Q', 84, 85, "卫生和社会工作", "Health and social work"},
    {'R', 86, 90, "文化、体育和娱乐业", "Culture, sports and entertainment"},
    {'S', 91, 96, "公共管理、社会保障和社会组织",
     "Public administration, social security and social organizations"},
    {'T', 97, 97, "国际组织", "International organizations"},
};

}  // namespace

std::span<const District> districts() {
  return kDistricts;
}

const District* find_district(std::string_view code) {
  for (const auto& d : kDistricts)
    if (d.code == code) return &d;
  return nullptr;
}

std::span<const IndustrySection> industry_sections() {
  return kSections;
}

const IndustrySection* find_section(char letter) {
  for (const auto& s : kSections)
    if (s.letter == letter) return &s;
  return nullptr;
}

bool is_valid_industry(std::string_view code) {
  if (code.size() != 3 || code[1] < '0' || code[1] > '9' || code[2] < '0' || code[2] > '9')
    return false;
  const IndustrySection* section = find_section(code[0]);
  int division = (code[1] - '0') * 10 + (code[2] - '0');
  return section && division >= section->first_division && division <= section->last_division;
}

}  // namespace rx::registry
