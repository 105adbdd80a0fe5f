DROP TABLE product_search_grams;
